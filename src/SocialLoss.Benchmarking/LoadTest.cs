using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Server;
using SocialLoss.Storage;

namespace SocialLoss.Benchmarking;

/// <summary>What a load test runs: clients, window, batch, population, journal file and seed.</summary>
internal sealed record LoadTestSettings(int Clients, int Seconds, int Warmup, int Batch, int Accounts, string? Db, int Seed);

/// <summary>
/// The load test behind <c>socialloss loadtest</c>: the real service in-process on loopback with the journal on, N HTTP
/// clients submitting JSONL batches for S seconds; throughput, latency, and a replay of the journal that must reach the
/// live state hash. The verb binds the options and renders the <see cref="LoadTestResult"/>.
/// </summary>
internal static class LoadTest
{
    public const int MaxSeconds = 300;
    public const int MaxClients = 256;
    /// <summary>One client's tally; merged after the run.</summary>
    private sealed class Tally
    {
        public LongHistogram Latency { get; } = LoadTestResult.NewHistogram();
        public long Requests, Commands, Rejected, AcknowledgedTotal, RejectedTotal, Failed;
        public string? FirstError;
    }

    /// <summary>
    /// Runs the service and the clients, then replays the journal; the database is deleted afterwards unless
    /// <see cref="LoadTestSettings.Db"/> named it. Throws when the test cannot run (see <see cref="CouldNotRun"/>).
    /// </summary>
    public static async Task<LoadTestResult> RunAsync(LoadTestSettings s, Action<string> progress, CancellationToken ct)
    {
        bool temporary = s.Db is null;
        var db = s.Db ?? Path.Combine(Path.GetTempPath(), $"socialloss-loadtest-{Guid.NewGuid():N}.db");
        try
        {
            var result = await LoadAsync(s, db, progress, ct);
            progress($"replaying the journal ({result.LivePosition:N0} records) into a fresh engine");
            CheckJournal(db, result);
            return result;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (temporary)
                foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                    File.Delete(db + suffix);
        }
    }

    /// <summary>Whether <paramref name="e"/> says the test could not run (I/O, SQLite, HTTP), rather than a bug.</summary>
    public static bool CouldNotRun(Exception e) => e is InvalidOperationException or SqliteException or IOException or HttpRequestException;

    /// <summary>The first option out of range, as a message; null when all are fine.</summary>
    public static string? Validate(LoadTestSettings s)
    {
        if (s.Clients is < 1 or > MaxClients)
            return $"--clients must be 1..{MaxClients}";
        if (s.Seconds is < 1 or > MaxSeconds)
            return $"--seconds must be 1..{MaxSeconds}";
        if (s.Warmup is < 0 or > 60)
            return "--warmup must be 0..60";
        if (s.Batch is < 1 or > 50_000)
            return "--batch must be 1..50000";
        if (s.Accounts is < 2 or > 1_000_000)
            return "--accounts must be 2..1000000";
        if (s.Db is { } db && (File.Exists(db) || File.Exists(db + "-wal")))
            return $"{db} exists; the load test needs a new database (it is kept afterwards)";
        return null;
    }

    /// <summary>Runs the service and the clients; returns the figures and the live side of the checks.</summary>
    private static async Task<LoadTestResult> LoadAsync(LoadTestSettings s, string db, Action<string> progress, CancellationToken ct)
    {
        var app = ServiceHost.Build(new ServiceOptions
        {
            DatabasePath = db,
            Urls = ["http://127.0.0.1:0"],
            // the limiter guards a shared service from one key; here the one key is the load
            RequestsPerSecond = 1_000_000,
            Burst = 1_000_000,
        });
        await app.StartAsync(CancellationToken.None);
        var result = new LoadTestResult { Clients = s.Clients, Seconds = s.Seconds, WarmupSeconds = s.Warmup, Batch = s.Batch, Accounts = s.Accounts };
        try
        {
            var url = app.Urls.First();
            var key = app.Services.GetRequiredService<ApiKeys>().Create(ApiKeys.OperatorRole, null);
            var service = app.Services.GetRequiredService<ClearingService>();
            progress($"service on {url}, journal {db} (synchronous=FULL)");

            using var admin = NewClient(url, key);
            var setup = new Tally();
            await PostAsync(admin, string.Join('\n', LoadWorkload.Setup()), setup);
            const int chunk = 10_000;
            for (int from = 0; from < s.Accounts; from += chunk)
                await PostAsync(admin, LoadWorkload.Deposits(from, Math.Min(s.Accounts, from + chunk)), setup);
            if (setup.Failed > 0)
                throw new InvalidOperationException($"set-up failed: {setup.FirstError}");
            progress($"set-up: BTC-PERP listed, {s.Accounts:N0} accounts funded; {s.Clients} client(s) x {s.Batch} commands per request, {s.Warmup} s warm-up + {s.Seconds} s");

            var tallies = await RunClientsAsync(s, url, key, admin, result, progress, ct);

            foreach (var t in tallies.Append(setup))
            {
                result.Latency.Add(t.Latency);
                result.Requests += t.Requests;
                result.Commands += t.Commands;
                result.Rejected += t.Rejected;
                result.AcknowledgedTotal += t.AcknowledgedTotal;
                result.RejectedAnswered += t.RejectedTotal;
                result.FailedRequests += t.Failed;
                result.FirstError ??= t.FirstError;
            }

            result.LivePosition = service.Position;
            result.LiveStateHash = service.StateHash();
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        return result;
    }

    /// <summary>The measured window: answers that arrive in it count towards throughput and latency.</summary>
    private sealed record Window(Stopwatch Clock, TimeSpan From, TimeSpan To)
    {
        public bool Holds(TimeSpan t) => t >= From && t <= To;
    }

    /// <summary>What the service and the process had done at one edge of the window.</summary>
    private sealed record Edge(ServiceMetricsSample? Metrics, TimeSpan Cpu, TimeSpan GcPause, int Gen2);

    private static async Task<List<Tally>> RunClientsAsync(LoadTestSettings s, string url, string key, HttpClient admin, LoadTestResult result, Action<string> progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var window = new Window(clock, TimeSpan.FromSeconds(s.Warmup), TimeSpan.FromSeconds(s.Warmup + s.Seconds));
        var tallies = new List<Tally>();
        var tasks = new List<Task>();
        long acknowledged = 0;
        for (int i = 0; i < s.Clients; i++)
        {
            var tally = new Tally();
            tallies.Add(tally);
            var workload = new LoadWorkload(s.Accounts, s.Seed + i);
            tasks.Add(Task.Run(async () =>
            {
                using var http = NewClient(url, key);
                // a stop (Ctrl+C) only ends the loop: a request in flight is waited for, or its commands
                // would be journaled without being counted as acknowledged
                while (clock.Elapsed < window.To && !ct.IsCancellationRequested)
                {
                    long n = await PostAsync(http, workload.Next(s.Batch), s.Batch, tally, window);
                    Interlocked.Add(ref acknowledged, n);
                }
            }, CancellationToken.None));
        }

        var all = Task.WhenAll(tasks);
        var edges = Task.Run(async () =>
        {
            await Until(window.From);
            var from = await EdgeAsync(admin);
            await Until(window.To);
            return (From: from, To: await EdgeAsync(admin));
        }, CancellationToken.None);
        long lastShown = 0;
        var lastTime = TimeSpan.Zero;
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
            var now = clock.Elapsed;
            long shown = Interlocked.Read(ref acknowledged);
            if (!all.IsCompleted)
                progress($"{(now < window.From ? "warm-up" : now <= window.To ? "load" : "draining")} {Math.Min(now.TotalSeconds, window.To.TotalSeconds):F0}/{window.To.TotalSeconds:F0} s: " +
                    $"{shown:N0} commands acknowledged ({(shown - lastShown) / (now - lastTime).TotalSeconds:N0}/s)");
            lastShown = shown;
            lastTime = now;
        }

        await all;
        if (ct.IsCancellationRequested && clock.Elapsed < window.To)
            throw new InvalidOperationException("stopped before the end of the measured window");
        var (start, stop) = await edges;
        result.MeasuredSeconds = s.Seconds;
        result.CpuSeconds = (stop.Cpu - start.Cpu).TotalSeconds;
        result.GcPauseSeconds = (stop.GcPause - start.GcPause).TotalSeconds;
        result.Gen2Collections = stop.Gen2 - start.Gen2;
        if (start.Metrics is not null && stop.Metrics is not null)
            result.Journal = stop.Metrics.Since(start.Metrics);
        return tallies;

        async Task Until(TimeSpan t)
        {
            var wait = t - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, CancellationToken.None);
        }
    }

    private static async Task<Edge> EdgeAsync(HttpClient admin)
    {
        // process figures first: they are instant, the metrics request is not
        var (cpu, pause, gen2) = (ProcessCpu(), GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        return new Edge(await MetricsAsync(admin), cpu, pause, gen2);
    }

    /// <summary>CPU time of this process: the service and the clients together, since they share the machine.</summary>
    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static HttpClient NewClient(string url, string key)
    {
        // one connection per client, no proxy (loopback only), no connection recycling mid-run
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler) { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>
    /// Posts one JSONL body and tallies the answer; returns the commands acknowledged. An answer that arrives
    /// within <paramref name="window"/> is a measured one (latency, throughput); any answer counts towards the checks.
    /// </summary>
    private static Task<long> PostAsync(HttpClient http, string body, Tally tally, Window? window = null)
    {
        int lines = 0;
        foreach (var c in body)
            if (c == '\n')
                lines++;
        if (body.Length > 0 && body[^1] != '\n')
            lines++;
        return PostAsync(http, Encoding.UTF8.GetBytes(body), lines, tally, window);
    }

    /// <summary>As the overload above, for a body already in UTF-8 holding <paramref name="lines"/> command lines.</summary>
    private static async Task<long> PostAsync(HttpClient http, ReadOnlyMemory<byte> body, int lines, Tally tally, Window? window = null)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson") { CharSet = "utf-8" };
        long t0 = Stopwatch.GetTimestamp();
        byte[] answer;
        HttpStatusCode status;
        try
        {
            using var response = await http.PostAsync("commands", content, CancellationToken.None);
            status = response.StatusCode;
            answer = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Fail(tally, $"request failed: {e.Message}");
            return 0;
        }

        long t1 = Stopwatch.GetTimestamp();
        if (status != HttpStatusCode.OK)
        {
            Fail(tally, $"HTTP {(int)status}: {Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 300))}");
            return 0;
        }

        if (!TryReadPositions(answer, out long first, out long last) || last - first + 1 != lines)
        {
            Fail(tally, $"answer does not acknowledge the {lines} command(s) sent: {Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 300))}");
            return 0;
        }

        long rejected = Count(answer, "\"type\":\"rejected\""u8);
        tally.AcknowledgedTotal += lines;
        tally.RejectedTotal += rejected;
        if (window is not null && window.Holds(window.Clock.Elapsed))
        {
            tally.Latency.RecordValue(Math.Max(1, (t1 - t0) * 1_000_000 / Stopwatch.Frequency));
            tally.Requests++;
            tally.Commands += lines;
            tally.Rejected += rejected;
        }

        return lines;
    }

    private static void Fail(Tally tally, string why)
    {
        tally.Failed++;
        tally.FirstError ??= why;
    }

    /// <summary>The answer starts <c>{"first":F,"last":L,...</c>: read those two without parsing the events.</summary>
    private static bool TryReadPositions(byte[] answer, out long first, out long last)
    {
        first = last = -1;
        var reader = new Utf8JsonReader(answer);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (first < 0 || last < 0))
            {
                bool isFirst = reader.ValueTextEquals("first"u8), isLast = reader.ValueTextEquals("last"u8);
                if (!reader.Read())
                    return false;
                if (isFirst)
                    first = reader.GetInt64();
                else if (isLast)
                    last = reader.GetInt64();
                else
                    reader.Skip();
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return first > 0 && last >= first - 1;
    }

    private static long Count(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        long n = 0;
        int at;
        while ((at = haystack.IndexOf(needle)) >= 0)
        {
            n++;
            haystack = haystack[(at + needle.Length)..];
        }

        return n;
    }

    private static async Task<ServiceMetricsSample?> MetricsAsync(HttpClient admin)
    {
        try
        {
            return ServiceMetricsSample.Parse(await admin.GetStringAsync("metrics", CancellationToken.None));
        }
        catch (HttpRequestException)
        {
            return null; // the figures are a bonus; the checks do not need them
        }
    }

    /// <summary>Reopens the journal after the service stopped and replays it into a fresh engine.</summary>
    private static void CheckJournal(string db, LoadTestResult result)
    {
        using var store = SqliteStore.Open(db);
        result.JournalClean = store.Recovery.Clean;
        var engine = new ClearingEngine();
        long records = 0, rejected = 0;
        foreach (var record in store.Read())
        {
            if (record.Position != records + 1)
                break; // a gap: the count check below fails
            foreach (var e in engine.Execute(CommandParser.Parse(record.Line), checked((int)record.Position)))
                if (e is Rejected)
                    rejected++;
            records++;
        }

        result.JournalRecords = records;
        result.RejectedReplayed = rejected;
        result.ReplayStateHash = StateHash.Compute(engine.Ledger);
    }

}
