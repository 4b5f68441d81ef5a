using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Storage;

namespace SocialLoss.Benchmarking;

/// <summary>
/// What the failover test runs against: the engines' URLs and, in the same order, their databases' connection strings;
/// an operator key; clients × batches × batch size; shell hooks that get an engine URL as their last argument (kill its
/// node with <c>kill -9</c>, start it again, pause and resume its WAL replay); and a time limit for the whole test.
/// </summary>
internal sealed record FailoverSettings(IReadOnlyList<string> Urls, IReadOnlyList<string> Dbs, string Key, int Clients, int Batches, int Batch,
    string Kill, string Restart, string Pause, string Resume, string Switchover, string RestartEngine, int TimeoutSeconds, int PartitionBatches = 20);

/// <summary>
/// The failover test of a replicated pair (<c>scripts/ha.sh test</c>). Clients submit batches with idempotency keys to
/// whichever node leads; halfway through the primary's node is killed with <c>kill -9</c> (Patroni, PostgreSQL, engine)
/// while requests are in flight; the clients follow the <c>Leader</c> header or try the other node and retry until the
/// new primary acknowledges. The killed node is started again and must rejoin as a standby; then the standby's WAL
/// replay is paused under load and resumed, and it must catch up. Then Patroni switches the leader back (a planned
/// switchover demotes the primary's database under its running engine): that engine must fence itself, the other take
/// commands; restarted, it rejoins as a standby. Finally: every acknowledged command is in the new
/// primary's journal exactly once at the position its answer named, nothing is there twice, and every engine's state
/// hash equals a single-process replay of that journal.
/// </summary>
internal static class FailoverTest
{
    /// <summary>The first option that is wrong, as a message; null when all are fine.</summary>
    public static string? Validate(string[] urls, string[] dbs, string keyFile, int clients, int batches, int batch, int timeout)
    {
        if (urls.Length < 2)
            return $"--urls: expected at least two engine URLs separated by ',', got {urls.Length}";
        foreach (var u in urls)
            if (!Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                return $"--urls: expected http:// URLs, got \"{u}\"";
        if (dbs.Length != urls.Length)
            return $"--dbs: expected one database per engine ({urls.Length}) separated by '|', got {dbs.Length}";
        if (!File.Exists(keyFile))
            return $"--key-file: {keyFile} does not exist";
        if (clients is < 1 or > 64)
            return "--clients must be 1..64";
        if (batches is < 2 or > 10_000)
            return "--batches must be 2..10000";
        if (batch is < 2 or > 10_000 || batch % 2 != 0)
            return "--batch must be an even number 2..10000";
        if (timeout is < 10 or > 3600)
            return "--timeout must be 10..3600";
        return null;
    }

    /// <summary>Runs the test; never throws for a failed check (see <see cref="FailoverTestResult.Passed"/>).</summary>
    public static async Task<FailoverTestResult> RunAsync(FailoverSettings s, Action<string> progress)
    {
        var result = new FailoverTestResult();
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(s.TimeoutSeconds);
        using var admin = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(10) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", s.Key);
        try
        {
            await RunPhasesAsync(s, result, admin, clock, deadline, progress).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or StorageException or HttpRequestException or TimeoutException)
        {
            result.Problem ??= e.Message;
        }

        return result;
    }

    private static async Task RunPhasesAsync(FailoverSettings s, FailoverTestResult result, HttpClient admin, Stopwatch clock, TimeSpan deadline, Action<string> progress)
    {
        var primary = await PrimaryAsync(admin, s.Urls, clock, deadline).ConfigureAwait(false)
            ?? throw new TimeoutException("no engine reports itself primary");
        progress($"primary {primary}; set-up");
        using (var setup = new LeaderFollowingClient(s.Urls, s.Key, primary))
        {
            if (await setup.SubmitAsync("failover-setup", LoadWorkload.Setup(), clock, deadline).ConfigureAwait(false) is null)
                throw new TimeoutException("the set-up was not acknowledged in time");
        }

        // load, with the primary's node killed halfway
        var acknowledged = new List<AcknowledgedRequest>();
        int killAfter = s.Clients * s.Batches / 2, batchesDone = 0;
        Task<(string Url, double Started, double Done)>? kill = null;
        double loadStart = clock.Elapsed.TotalSeconds;
        using var lagStop = new CancellationTokenSource();
        var lag = SampleLagAsync(admin, s.Urls, lagStop.Token);
        var clients = Enumerable.Range(0, s.Clients).Select(i => new LeaderFollowingClient(s.Urls, s.Key, primary)).ToList();
        try
        {
            var tasks = clients.Select((client, i) => Task.Run(async () =>
            {
                for (int b = 0; b < s.Batches; b++)
                {
                    var ack = await client.SubmitAsync(FailoverWorkload.Key(i, b), FailoverWorkload.Batch(i, b, s.Batch), clock, deadline).ConfigureAwait(false);
                    if (ack is null)
                    {
                        lock (result)
                            result.Unacknowledged += s.Batches - b;
                        return;
                    }

                    lock (acknowledged)
                        acknowledged.Add(ack);
                    if (Interlocked.Increment(ref batchesDone) == killAfter)
                    {
                        lagStop.Cancel();
                        kill = Task.Run(() => KillPrimaryAsync(s, admin, clock, deadline, progress));
                    }
                }
            })).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            var (killed, killStarted, killedAt) = kill is null ? throw new InvalidOperationException("the load ended before the kill") : await kill.ConfigureAwait(false);
            var (lagMax, lagMean) = await lag.ConfigureAwait(false);
            result.StandbyLagMax = lagMax;
            result.StandbyLagMean = lagMean;
            // throughput and latency of the pair in steady state: what was acknowledged before the kill began
            var before = acknowledged.Where(a => a.AtSeconds <= killStarted).ToList();
            result.CommandsPerSecond = before.Sum(a => a.Lines.Count) / Math.Max(1e-3, killStarted - loadStart);
            var latencies = before.Select(a => a.LatencyMicros).ToList();
            result.P50Ms = FailoverTestResult.PercentileMs(latencies, 50);
            result.P99Ms = FailoverTestResult.PercentileMs(latencies, 99);
            // the outage as clients see it: from the dead primary to the first acknowledgement by the new one
            result.FailoverSeconds = acknowledged.Where(a => a.AtSeconds > killedAt).Select(a => a.AtSeconds).DefaultIfEmpty(double.NaN).Min() - killedAt;
            result.Retries = clients.Sum(c => c.Retries);
            progress($"{acknowledged.Sum(a => a.Lines.Count):N0} commands acknowledged; first acknowledgement {result.FailoverSeconds:F2} s after the kill; restarting {killed}");

            // the killed node comes back as a standby
            await HookAsync(s.Restart, killed, clock, deadline, progress).ConfigureAwait(false);
            var leader = await PrimaryAsync(admin, s.Urls, clock, deadline).ConfigureAwait(false) ?? throw new TimeoutException("no primary after the restart");
            var restarted = await HealthAsync(admin, killed).ConfigureAwait(false);
            bool rejoinedAsStandby = restarted.TryGetProperty("role", out var restartedRole) && restartedRole.GetString() == "standby";

            // partition: the standby stops applying, the primary goes on; resumed, it catches up
            progress($"pausing WAL replay on {killed}; {s.PartitionBatches} more batches to {leader}");
            await HookAsync(s.Pause, killed, clock, deadline, progress).ConfigureAwait(false);
            using (var c = new LeaderFollowingClient(s.Urls, s.Key, leader))
            {
                for (int b = 0; b < s.PartitionBatches; b++)
                {
                    var ack = await c.SubmitAsync(FailoverWorkload.Key(s.Clients, b), FailoverWorkload.Batch(s.Clients, b, s.Batch), clock, deadline).ConfigureAwait(false)
                        ?? throw new TimeoutException("a batch was not acknowledged while the standby was paused");
                    acknowledged.Add(ack);
                }
            }

            var leaderHealth = await HealthAsync(admin, leader).ConfigureAwait(false);
            var pausedHealth = await HealthAsync(admin, killed).ConfigureAwait(false);
            result.PartitionLag = Position(leaderHealth, "position") - Position(pausedHealth, "applied");
            await HookAsync(s.Resume, killed, clock, deadline, progress).ConfigureAwait(false);
            long end = Position(leaderHealth, "position");
            bool caughtUp = await UntilAsync(async () => Position(await HealthAsync(admin, killed).ConfigureAwait(false), "applied") >= end, clock, deadline).ConfigureAwait(false);

            // switchover: the running primary's database is demoted under it
            leader = await SwitchoverAsync(s, result, admin, acknowledged, leader, clock, deadline, progress).ConfigureAwait(false);

            // the audit, against the new primary's journal
            await CheckAsync(s, result, admin, acknowledged, leader, clock, deadline, progress).ConfigureAwait(false);
            // the killed node came back as a standby and ends with the same state as everyone (it leads by now: the switchover)
            result.Rejoined = rejoinedAsStandby && result.HashesEqual;
            result.PartitionCaughtUp = result.PartitionLag > 0 && caughtUp && result.HashesEqual;
            if (result.PartitionLag <= 0)
                result.Problem ??= "the paused standby did not fall behind: the partition case tested nothing";
        }
        finally
        {
            foreach (var c in clients)
                c.Dispose();
        }
    }

    /// <summary>
    /// Moves the leader away from <paramref name="primary"/> through Patroni while it runs; its engine must fence itself
    /// and the other take the batches that follow; then the fenced engine is restarted. Returns the new primary.
    /// </summary>
    private static async Task<string> SwitchoverAsync(FailoverSettings s, FailoverTestResult result, HttpClient admin, List<AcknowledgedRequest> acknowledged,
        string primary, Stopwatch clock, TimeSpan deadline, Action<string> progress)
    {
        progress($"switchover: Patroni moves the leader away from {primary}");
        await HookAsync(s.Switchover, primary, clock, deadline, progress).ConfigureAwait(false);
        string? fault = null;
        bool fenced = await UntilAsync(async () =>
        {
            var h = await HealthAsync(admin, primary).ConfigureAwait(false);
            fault = h.TryGetProperty("fault", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            return fault is not null;
        }, clock, deadline).ConfigureAwait(false);
        var leader = await PrimaryAsync(admin, s.Urls, clock, deadline).ConfigureAwait(false) ?? throw new TimeoutException("no primary after the switchover");
        progress($"{primary} fenced: {fault}; {leader} is primary");
        // clients that still know the old primary get its 503 and move on
        using (var c = new LeaderFollowingClient(s.Urls, s.Key, primary))
        {
            for (int b = 0; b < 10; b++)
            {
                acknowledged.Add(await c.SubmitAsync(FailoverWorkload.Key(s.Clients + 1, b), FailoverWorkload.Batch(s.Clients + 1, b, s.Batch), clock, deadline).ConfigureAwait(false)
                    ?? throw new TimeoutException("a batch was not acknowledged after the switchover"));
            }
        }

        await HookAsync(s.RestartEngine, primary, clock, deadline, progress).ConfigureAwait(false);
        var back = await HealthAsync(admin, primary).ConfigureAwait(false);
        result.SteppedDown = fenced && leader != primary && back.TryGetProperty("role", out var role) && role.GetString() == "standby";
        if (!result.SteppedDown)
            result.Problem ??= $"after the switchover the old primary {primary} did not fence itself and rejoin as a standby (fault: {fault ?? "none"})";
        return leader;
    }

    private static async Task CheckAsync(FailoverSettings s, FailoverTestResult result, HttpClient admin, List<AcknowledgedRequest> acknowledged, string leader,
        Stopwatch clock, TimeSpan deadline, Action<string> progress)
    {
        var db = s.Dbs[IndexOf(s.Urls, leader)];
        List<string> journal;
        using (var store = PostgresStore.Open(db))
            journal = [.. store.Read().Select(r => r.Line)];
        result.JournalRecords = journal.Count;
        var findings = AcknowledgementAudit.Audit(acknowledged.Where(a => a.Key != "failover-setup").ToList(), journal);
        result.Acknowledged = findings.Acknowledged;
        result.Lost = findings.Lost;
        result.Duplicated = findings.Duplicated;
        if (findings.FirstProblem is { } p)
            result.Problem ??= p;

        var engine = new ClearingEngine();
        for (int i = 0; i < journal.Count; i++)
            engine.Execute(CommandParser.Parse(journal[i]), i + 1);
        var replayHash = StateHash.Compute(engine.Ledger);
        progress($"journal {journal.Count:N0} records; replay state hash {replayHash}");

        // every engine at the journal's end, then their hashes
        bool settled = await UntilAsync(async () =>
        {
            foreach (var url in s.Urls)
                if (Position(await HealthAsync(admin, url).ConfigureAwait(false), "applied") != journal.Count)
                    return false;
            return true;
        }, clock, deadline).ConfigureAwait(false);
        var hashes = new Dictionary<string, string>();
        foreach (var url in s.Urls)
            hashes[url] = await StateHashAsync(admin, url).ConfigureAwait(false);
        foreach (var (url, hash) in hashes)
            progress($"{url}: state hash {hash}");
        result.HashesEqual = settled && hashes.Values.All(h => h == replayHash);
        if (!settled)
            result.Problem ??= $"the engines did not all reach journal position {journal.Count} in time";
    }

    /// <summary>Kills the node of whichever engine is primary now; returns its URL and when the hook had returned (the processes are dead then).</summary>
    private static async Task<(string, double, double)> KillPrimaryAsync(FailoverSettings s, HttpClient admin, Stopwatch clock, TimeSpan deadline, Action<string> progress)
    {
        var primary = await PrimaryAsync(admin, s.Urls, clock, deadline).ConfigureAwait(false) ?? throw new TimeoutException("no primary to kill");
        progress($"kill -9 of the primary's node ({primary}) with requests in flight");
        double started = clock.Elapsed.TotalSeconds;
        await HookAsync(s.Kill, primary, clock, deadline, progress).ConfigureAwait(false);
        return (primary, started, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Samples the standby's lag behind the primary (commands) every 50 ms until stopped: max and mean.</summary>
    private static async Task<(long Max, double Mean)> SampleLagAsync(HttpClient admin, IReadOnlyList<string> urls, CancellationToken stop)
    {
        long max = 0, sum = 0, n = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var healths = await Task.WhenAll(urls.Select(u => HealthAsync(admin, u))).ConfigureAwait(false);
                var primary = healths.FirstOrDefault(h => h.TryGetProperty("role", out var r) && r.GetString() == "primary");
                if (primary.ValueKind == JsonValueKind.Object)
                {
                    foreach (var h in healths)
                    {
                        if (h.TryGetProperty("role", out var r) && r.GetString() == "standby")
                        {
                            long lag = Math.Max(0, Position(primary, "position") - Position(h, "applied"));
                            max = Math.Max(max, lag);
                            sum += lag;
                            n++;
                        }
                    }
                }

                await Task.Delay(50, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                // stopped, or a node went away
            }
        }

        return (max, n == 0 ? 0 : (double)sum / n);
    }

    private static async Task<string?> PrimaryAsync(HttpClient admin, IReadOnlyList<string> urls, Stopwatch clock, TimeSpan deadline)
    {
        while (clock.Elapsed < deadline)
        {
            foreach (var url in urls)
            {
                try
                {
                    var h = await HealthAsync(admin, url).ConfigureAwait(false);
                    if (h.TryGetProperty("role", out var r) && r.GetString() == "primary" && h.TryGetProperty("status", out var st) && st.GetString() == "ok")
                        return url;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    // down: try the next one
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return null;
    }

    private static async Task<JsonElement> HealthAsync(HttpClient admin, string url)
    {
        using var response = await admin.GetAsync(url.TrimEnd('/') + "/health").ConfigureAwait(false);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
        return doc.RootElement.Clone();
    }

    private static async Task<string> StateHashAsync(HttpClient admin, string url)
    {
        using var doc = JsonDocument.Parse(await admin.GetByteArrayAsync(url.TrimEnd('/') + "/state").ConfigureAwait(false));
        return doc.RootElement.GetProperty("stateHash").GetString() ?? "";
    }

    private static long Position(JsonElement health, string field) =>
        health.ValueKind == JsonValueKind.Object && health.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : -1;

    private static int IndexOf(IReadOnlyList<string> urls, string url)
    {
        for (int i = 0; i < urls.Count; i++)
            if (urls[i].TrimEnd('/') == url.TrimEnd('/'))
                return i;
        throw new InvalidOperationException($"{url} is not one of the engines");
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds (true) or the deadline passes (false); a node that does not answer counts as not yet.</summary>
    private static async Task<bool> UntilAsync(Func<Task<bool>> condition, Stopwatch clock, TimeSpan deadline)
    {
        while (clock.Elapsed < deadline)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                    return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                // not up yet
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Runs a hook (<c>bash -c "HOOK URL"</c>) within what is left of the time limit; its output goes to the progress log.</summary>
    private static async Task HookAsync(string hook, string url, Stopwatch clock, TimeSpan deadline, Action<string> progress)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"{hook} {url}");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not run {hook}");
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(deadline - clock.Elapsed > TimeSpan.Zero ? deadline - clock.Elapsed : TimeSpan.FromSeconds(1));
        try
        {
            await p.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{hook} {url} did not finish within the time limit");
        }

        foreach (var line in ((await output.ConfigureAwait(false)) + (await errors.ConfigureAwait(false))).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            progress("  " + line);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{hook} {url} exited with {p.ExitCode}");
    }
}
