using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>
/// The service as a real process, killed with SIGKILL in the middle of a stream of commands from four
/// concurrent clients, then restarted on the same database: every acknowledged command is in the
/// journal at the position it was acknowledged at, nothing is there that was not sent (a request in
/// flight at the kill is there whole or not at all), and the state hash equals a clean replay. The service
/// writes a full snapshot every 50 commands, so the restart restores one and replays only the journal after it.
/// </summary>
public sealed partial class KillRecoveryTest
{
    [GeneratedRegex(@"recovered (\d+) command\(s\) from .* in (\d+) ms")]
    private static partial Regex Recovered();

    [GeneratedRegex(@"snapshot at (\d+) restored, (\d+) replayed after it")]
    private static partial Regex RestoredSnapshot();

    private static Task<ServeProcess> Start(string db) => ServeProcess.StartAsync(db, "--snapshot-every", "50");

    private sealed record Sent(string[] Lines, long First, long Last);

    [Fact]
    public async Task Kill_9_mid_stream_loses_no_acknowledged_command_and_invents_none()
    {
        var dir = Directory.CreateTempSubdirectory("socialloss-kill-").FullName;
        var db = Path.Combine(dir, "service.db");
        string key;
        using (var s = SqliteStore.Open(db))
            key = ApiKeys.Create(s, ApiKeys.OperatorRole, null);
        SqliteConnection.ClearAllPools();
        ServeProcess? server = null;
        try
        {
            server = await Start(db);
            using var http = server.Client(key);
            http.Timeout = TimeSpan.FromSeconds(20);
            var (setup, _) = Scenario.Split();
            Assert.True((await http.PostAsync("/commands", new StringContent(string.Join('\n', setup)))).IsSuccessStatusCode);

            var acked = new ConcurrentBag<Sent>();
            var inFlight = new ConcurrentDictionary<string, string[]>();
            using var stop = new CancellationTokenSource();
            async Task Client(int c)
            {
                var rng = new Random(c);
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    var who = $"c{c}-{i}";
                    var lines = new List<string>
                    {
                        $"{{\"type\":\"deposit\",\"account\":\"{who}\",\"amount\":\"{1000 + rng.Next(5000)}\"}}",
                        $"{{\"type\":\"trade\",\"market\":\"BTC-PERP\",\"buyer\":\"{who}\",\"seller\":\"maker\",\"price\":\"{59000 + rng.Next(2000)}\",\"quantity\":\"0.01\"}}",
                    };
                    if (i % 5 == 0)
                        lines.Add($"{{\"type\":\"mark\",\"market\":\"BTC-PERP\",\"price\":\"{58000 + rng.Next(4000)}\"}}");
                    var arr = lines.ToArray();
                    var id = Guid.NewGuid().ToString("N");
                    inFlight[id] = arr;
                    try
                    {
                        var r = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/commands")
                        {
                            Content = new StringContent(string.Join('\n', arr)),
                            Headers = { { "Idempotency-Key", id } },
                        });
                        if (!r.IsSuccessStatusCode)
                            continue; // not acknowledged: stays "in flight" (it may or may not be there)
                        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                        acked.Add(new Sent(arr, doc.RootElement.GetProperty("first").GetInt64(), doc.RootElement.GetProperty("last").GetInt64()));
                        inFlight.TryRemove(id, out _);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // the server died under us
                    }
                }
            }

            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(() => Client(c))).ToArray();
            var sw = Stopwatch.StartNew();
            while (acked.Count < 300 && sw.Elapsed < TimeSpan.FromSeconds(15))
                await Task.Delay(20);
            server.Process.Kill(); // SIGKILL
            await server.Process.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(clients);
            int ackedAtKill = acked.Count;
            Assert.True(ackedAtKill > 0);

            var restart = Stopwatch.StartNew();
            server = await Start(db);
            var startMs = restart.ElapsedMilliseconds;
            var rec = Recovered().Match(server.Stdout);
            Assert.True(rec.Success, server.Stdout);
            var snap = RestoredSnapshot().Match(server.Stdout);
            Assert.True(snap.Success, $"recovery did not go through a snapshot: {server.Stdout}");
            Assert.Equal(long.Parse(rec.Groups[1].Value), long.Parse(snap.Groups[1].Value) + long.Parse(snap.Groups[2].Value));
            using var http2 = server.Client(key);
            using var state = JsonDocument.Parse(await http2.GetStringAsync("/state"));
            var hashAfter = state.RootElement.GetProperty("stateHash").GetString();
            server.Process.Kill();
            await server.Process.WaitForExitAsync();
            server = null;

            List<JournalRecord> journal;
            using (var store = SqliteStore.Open(db))
            {
                Assert.True(store.Recovery.Clean, store.Recovery.Problem);
                journal = [.. store.Read()];
            }

            SqliteConnection.ClearAllPools();
            Assert.Equal(long.Parse(rec.Groups[1].Value), journal.Count);
            // every acknowledged command is there, at the position it was acknowledged at
            var byPos = journal.ToDictionary(r => r.Position, r => r.Line);
            var ackedPositions = new HashSet<long>();
            foreach (var a in acked)
            {
                Assert.Equal(a.Lines.Length, a.Last - a.First + 1);
                for (int i = 0; i < a.Lines.Length; i++)
                {
                    Assert.Equal(a.Lines[i], byPos[a.First + i]);
                    ackedPositions.Add(a.First + i);
                }
            }

            // nothing else: apart from the setup, every other record belongs to a request in flight at the kill, whole
            var rest = journal.Where(r => r.Position > setup.Length && !ackedPositions.Contains(r.Position)).ToList();
            int inDoubtLanded = 0;
            for (int i = 0; i < rest.Count;)
            {
                var match = inFlight.Values.FirstOrDefault(l => l[0] == rest[i].Line);
                Assert.True(match is not null, $"journal record {rest[i].Position} was never sent: {rest[i].Line}");
                for (int j = 0; j < match.Length; j++)
                    Assert.Equal(match[j], rest[i + j].Line);
                i += match.Length;
                inDoubtLanded++;
            }

            Assert.Equal(setup, journal.Take(setup.Length).Select(r => r.Line));
            // the same state as a clean replay of what is journaled
            Assert.Equal(Scenario.StateHashOfReplay(journal.Select(r => r.Line)), hashAfter);
            if (inDoubtLanded == 0)
                Assert.Equal(Scenario.StateHashOfReplay(setup.Concat(acked.OrderBy(a => a.First).SelectMany(a => a.Lines))), hashAfter);
            var summary = $"kill -9: {ackedAtKill} requests acknowledged ({acked.Sum(a => a.Lines.Length)} commands), {inFlight.Count} unanswered of which {inDoubtLanded} had landed; " +
                $"restart to listening {startMs} ms, recovery of {journal.Count} commands (snapshot at {snap.Groups[1].Value}, {snap.Groups[2].Value} replayed) {rec.Groups[2].Value} ms; state hash {hashAfter}";
            TestContext.Current.SendDiagnosticMessage(summary);
            File.AppendAllText(Path.Combine(Path.GetTempPath(), "socialloss-kill9.txt"), summary + "\n");
        }
        finally
        {
            if (server is not null && !server.Process.HasExited)
                server.Process.Kill();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
