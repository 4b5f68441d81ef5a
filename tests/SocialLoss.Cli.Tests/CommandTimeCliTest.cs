namespace SocialLoss.Cli.Tests;

/// <summary>The command <c>time</c> through the CLI: echoed by <c>replay</c>, read back by <c>verify</c>, a bad one is exit 2.</summary>
public class CommandTimeCliTest
{
    private const string Timed = """
        {"type":"market","market":"BTC-PERP","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","time":"2025-10-10T21:15:00Z"}
        {"type":"deposit","account":"alice","amount":"1000","time":"2025-10-10T21:16:04.831Z"}
        {"type":"deposit","account":"bob","amount":"1000"}
        {"type":"trade","market":"BTC-PERP","buyer":"alice","seller":"bob","price":"100","quantity":"60","time":"2025-10-10T21:16:05Z"}
        {"type":"mark","market":"BTC-PERP","price":"85","time":"2025-10-10T21:16:06.25Z"}
        """;

    [Fact]
    public void Replay_TimedFile_EventsEchoTimeAndVerifyMatches()
    {
        var input = CliRunner.TempFile("timed.jsonl", Timed);
        var events = CliRunner.TempFile("events.jsonl");
        var state = CliRunner.TempFile("state.json");
        var r = CliRunner.Run(null, "replay", input, "--events", events, "--state", state, "--check");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(events);
        Assert.Equal("""{"seq":2,"cmd":2,"time":"2025-10-10T21:16:04.831Z","type":"deposited","account":"alice","amount":"1000"}""", lines[1]);
        Assert.Equal("""{"seq":3,"cmd":3,"type":"deposited","account":"bob","amount":"1000"}""", lines[2]);
        Assert.Contains(lines, l => l.Contains("\"time\":\"2025-10-10T21:16:06.250Z\",\"type\":\"liquidated\""));
        var v = CliRunner.Run(null, "verify", events, "--state", state);
        Assert.True(v.ExitCode == 0, v.Stderr);
        Assert.Contains("matches the state file", v.Stdout);
    }

    [Fact]
    public void Verify_BadTimeInAnEvent_ExitTwoNamingIt()
    {
        var events = CliRunner.TempFile("events.jsonl", """{"seq":1,"cmd":1,"time":"noon","type":"deposited","account":"a","amount":"1"}""" + "\n");
        var v = CliRunner.Run(null, "verify", events);
        Assert.Equal(2, v.ExitCode);
        Assert.Contains("field \"time\"", v.Stderr);
    }

    [Theory]
    [InlineData("\"2025-10-10T21:16:04\"")]
    [InlineData("\"2025-10-10 21:16:04Z\"")]
    [InlineData("1760130964")]
    public void Replay_BadTime_ExitTwoOnFileAndStdin(string time)
    {
        var text = """{"type":"deposit","account":"alice","amount":"10"}""" + "\n" + $$"""{"type":"deposit","account":"bob","amount":"10","time":{{time}}}""" + "\n";
        foreach (var r in new[] { CliRunner.Run(null, "replay", CliRunner.TempFile("bad.jsonl", text)), CliRunner.Run(text, "replay", "-") })
        {
            Assert.Equal(2, r.ExitCode);
            Assert.StartsWith("line 2: field \"time\": expected an ISO 8601 UTC time like \"2025-10-10T21:16:04.831Z\"", r.Stderr.Trim());
            Assert.Single(r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
