using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SocialLoss.Contract;
using SocialLoss.Storage;
using SocialLoss.Storage.Tests;

namespace SocialLoss.Server.Tests;

/// <summary>The clearing service on PostgreSQL: recovery to the same state hash, in process and through <c>socialloss serve --db</c>.</summary>
public sealed class PostgresServiceTests : IDisposable
{
    private readonly string _schema;
    private readonly string _db;

    public PostgresServiceTests()
    {
        _db = TestPostgres.NewSchema(out _schema);
    }

    public void Dispose() => TestPostgres.Drop(_schema);

    [Fact]
    public async Task A_crash_journaled_in_postgres_recovers_to_the_same_state_hash()
    {
        var lines = Scenario.DemoCrash();
        string hash;
        SubmitResult firstAnswer;
        using (var store = ClearingStore.Open(_db))
        using (var service = new ClearingService(store, snapshotEvery: 7))
        {
            Assert.IsType<PostgresStore>(store);
            var chunks = lines.Chunk(5).ToArray();
            firstAnswer = (await service.SubmitAsync(chunks[0], [.. chunks[0].Select(CommandParser.Parse)], "req-0", "body-0")).Value;
            // many requests at once: the writer loop commits them in shared transactions
            var rest = await Task.WhenAll(chunks.Skip(1).Select((c, i) =>
                service.SubmitAsync(c, [.. c.Select(CommandParser.Parse)], $"req-{i + 1}", $"body-{i + 1}")));
            Assert.All(rest, o => Assert.NotNull(o.Result));
            hash = service.StateHash();
            Assert.Equal(lines.Length, service.Position);
        }

        using (var store = ClearingStore.Open(_db))
        {
            // the order of the concurrent requests is the journal's: a clean replay of it reaches the same hash
            Assert.Equal(hash, Scenario.StateHashOfReplay(store.Read().Select(r => r.Line)));
            Assert.NotNull(store.LatestSnapshot(out _));
        }

        using (var store = ClearingStore.Open(_db))
        using (var service = new ClearingService(store, snapshotEvery: 7))
        {
            Assert.Empty(service.Recovery.Problems);
            // restored from the newest full snapshot in PostgreSQL, then the journal after it replayed
            Assert.NotNull(service.Recovery.RestoredFrom);
            Assert.Equal(lines.Length, service.Recovery.Position);
            Assert.Equal(lines.Length - service.Recovery.RestoredFrom!.Value, service.Recovery.Replayed);
            Assert.Equal(hash, service.StateHash());
            // a retry after the restart is answered from the first attempt, not journaled again
            var again = (await service.SubmitAsync(lines.Chunk(5).First(), [.. lines.Chunk(5).First().Select(CommandParser.Parse)], "req-0", "body-0")).Value;
            Assert.True(again.Replayed);
            Assert.Equal((firstAnswer.First, firstAnswer.Last), (again.First, again.Last));
            Assert.Equal(lines.Length, service.Position);
        }
    }

    [Fact]
    public async Task Serve_with_a_postgres_uri_survives_kill_9_and_never_prints_the_password()
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(_db);
        var uri = $"postgres://{Uri.EscapeDataString(cs.Username!)}:{Uri.EscapeDataString(cs.Password!)}@{cs.Host}:{cs.Port}/{cs.Database}?search_path={_schema}";
        var (keyOut, keyErr) = await Cli("serve", "--db", uri, "--create-operator-key");
        var key = keyOut.Trim();
        Assert.StartsWith("sl_", key);
        // (the test server's password may be a word that appears anyway, so look for it where it would stand)
        var secret = $":{Uri.EscapeDataString(cs.Password!)}@";
        Assert.DoesNotContain(secret, keyErr);
        Assert.DoesNotContain("Password", keyErr, StringComparison.OrdinalIgnoreCase);

        var lines = Scenario.DemoCrash();
        string hash;
        var (server, output) = await Serve(uri);
        try
        {
            using var http = Http(server.Url, key);
            var posted = await http.PostAsync("/commands", new StringContent(string.Join('\n', lines)));
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
            using var state = JsonDocument.Parse(await http.GetStringAsync("/state"));
            hash = state.RootElement.GetProperty("stateHash").GetString()!;
        }
        finally
        {
            server.Process.Kill(); // SIGKILL: no orderly shutdown
            await server.Process.WaitForExitAsync();
        }

        Assert.Equal(Scenario.StateHashOfReplay(lines), hash);
        (server, output) = await Serve(uri);
        try
        {
            Assert.Contains($"recovered {lines.Length} command(s) from postgresql://{cs.Username}@{cs.Host}:{cs.Port}/{cs.Database}?search_path={_schema}", output);
            Assert.DoesNotContain(secret, output);
            Assert.DoesNotContain("Password", output, StringComparison.OrdinalIgnoreCase);
            using var http = Http(server.Url, key);
            using var state = JsonDocument.Parse(await http.GetStringAsync("/state"));
            Assert.Equal(hash, state.RootElement.GetProperty("stateHash").GetString());
        }
        finally
        {
            server.Process.Kill();
            await server.Process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_with_an_unreachable_postgres_says_so_and_exits_1()
    {
        var (code, _, err) = await CliWithCode("serve", "--db", "postgresql://nobody:hunter2@127.0.0.1:1/none", "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, code);
        Assert.Contains("cannot start: PostgreSQL at postgresql://nobody@127.0.0.1:1/none", err);
        Assert.DoesNotContain("hunter2", err);
    }

    private sealed record Server(Process Process, string Url);

    private static HttpClient Http(string url, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static ProcessStartInfo Socialloss(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "socialloss.dll"));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return psi;
    }

    private static async Task<(string Out, string Err)> Cli(params string[] args)
    {
        var (code, stdout, stderr) = await CliWithCode(args);
        Assert.True(code == 0, $"socialloss {string.Join(' ', args)} exited {code}: {stderr}");
        return (stdout, stderr);
    }

    private static async Task<(int Code, string Out, string Err)> CliWithCode(params string[] args)
    {
        using var p = Process.Start(Socialloss(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    private static async Task<(Server, string)> Serve(string db)
    {
        var p = Process.Start(Socialloss("serve", "--db", db, "--urls", "http://127.0.0.1:0", "--rate-limit", "100000", "--price-band", "0"))!;
        var seen = new StringBuilder();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await p.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            seen.AppendLine(line);
            var at = line.IndexOf("listening on ", StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = p.StandardOutput.ReadToEndAsync(); // keep draining
                return (new Server(p, line[(at + 13)..].Split(' ')[0]), seen.ToString());
            }
        }

        Assert.Fail($"the server did not start: {seen}\n{await stderr}");
        return default;
    }
}
