using System.Text.Json;
using SocialLoss.Contract;
using SocialLoss.Storage;

namespace SocialLoss.Cli.Tests;

/// <summary>
/// <c>socialloss loadtest</c> end to end, short and small: what it acknowledged is what the journal holds, and a
/// replay of the journal reaches the live state hash. Speed is the machine's business, not the test's.
/// </summary>
public class LoadTestCommandTest
{
    [Fact]
    public void ShortRun_JournalHoldsExactlyWhatWasAcknowledged_AndReplaysToTheLiveStateHash()
    {
        var db = CliRunner.TempFile("load.db");
        var r = CliRunner.Run(null, "loadtest", "--clients", "2", "--seconds", "1", "--warmup", "1", "--batch", "50", "--accounts", "40", "--db", db, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(0, root.GetProperty("failedRequests").GetInt64());
        long measured = root.GetProperty("commandsAcknowledged").GetInt64();
        Assert.True(measured > 0);
        Assert.Equal(0, measured % 50); // whole requests only
        Assert.True(root.GetProperty("commandsPerSecond").GetDouble() > 0);
        var latency = root.GetProperty("latencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
        Assert.True(latency.GetProperty("p99").GetDouble() <= latency.GetProperty("max").GetDouble());
        Assert.True(root.GetProperty("journal").GetProperty("commits").GetInt64() > 0);

        var checks = root.GetProperty("correctness");
        long acknowledged = checks.GetProperty("acknowledgedTotal").GetInt64();
        Assert.True(acknowledged >= measured + 40); // set-up (listing, funding) and warm-up besides
        Assert.Equal(acknowledged, checks.GetProperty("journalRecords").GetInt64());
        Assert.Equal(acknowledged, checks.GetProperty("livePosition").GetInt64());
        Assert.True(checks.GetProperty("hashesEqual").GetBoolean());
        Assert.Equal(checks.GetProperty("liveStateHash").GetString(), checks.GetProperty("replayStateHash").GetString());
        Assert.True(checks.GetProperty("rejectionsEqual").GetBoolean());
        Assert.True(checks.GetProperty("journalClean").GetBoolean());

        // the kept database, read independently: the same number of records, replaying to the same hash
        using var store = SqliteStore.Open(db);
        var replay = new Replay();
        var lines = store.Read().Select(rec => rec.Line).ToList();
        replay.Run(new StringReader(string.Join('\n', lines)), null);
        Assert.Equal(acknowledged, lines.Count);
        Assert.Equal(checks.GetProperty("liveStateHash").GetString(), StateHash.Compute(replay.Engine.Ledger));
    }

    [Fact]
    public void Table_ShowsThroughputLatencyAndTheChecks_AndTheTemporaryDatabaseIsGone()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "socialloss-loadtest-*").Length;
        var r = CliRunner.Run(null, "loadtest", "--clients", "2", "--seconds", "1", "--warmup", "0", "--batch", "20", "--accounts", "10");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("commands / s", r.Stdout);
        Assert.Contains("request latency p50 / p90 / p99", r.Stdout);
        Assert.Contains("journal group commits", r.Stdout);
        Assert.Contains("state hash", r.Stdout);
        Assert.DoesNotContain("DIFFERENT", r.Stdout);
        Assert.Contains("loadtest: set-up:", r.Stderr);
        Assert.True(Directory.GetFiles(Path.GetTempPath(), "socialloss-loadtest-*").Length <= before);
    }

    [Theory]
    [InlineData("--seconds", "301")]
    [InlineData("--seconds", "0")]
    [InlineData("--clients", "0")]
    [InlineData("--batch", "50001")]
    [InlineData("--accounts", "1")]
    public void OutOfBounds_ExitsTwo_WithoutStarting(string option, string value)
    {
        var r = CliRunner.Run(null, "loadtest", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Stderr);
        Assert.DoesNotContain("service on", r.Stderr);
    }

    [Fact]
    public void ExistingDatabase_IsRefused()
    {
        var db = CliRunner.TempFile("taken.db", "not empty");
        var r = CliRunner.Run(null, "loadtest", "--db", db);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("exists", r.Stderr);
        Assert.Equal("not empty", File.ReadAllText(db));
    }
}
