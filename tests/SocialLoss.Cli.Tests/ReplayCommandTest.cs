using System.Text.Json;

namespace SocialLoss.Cli.Tests;

public class ReplayCommandTest
{
    private const string Commands = """
        {"type":"config","closeout":["book","adl"],"adl":{"ranking":"bitmex","price":"bankruptcy"},"waterfall":["insurance","clawback"]}
        {"type":"market","market":"BTC-PERP","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","liquidationFee":"0.01"}
        // comment lines and blank lines are skipped

        {"type":"insurance","amount":"50"}
        {"type":"deposit","account":"alice","amount":"1000"}
        {"type":"deposit","account":"bob","amount":"5000"}
        {"type":"trade","market":"BTC-PERP","buyer":"alice","seller":"bob","price":"100","quantity":"60"}
        {"type":"book","market":"BTC-PERP","bids":[["90","20"],["80","20"]],"asks":[]}
        {"type":"mark","market":"BTC-PERP","price":"86"}
        {"type":"withdraw","account":"bob","amount":"1000000"}
        {"type":"deposit","account":"carol","amount":"5"}
        """;

    [Fact]
    public void Replay_ValidFile_WritesEventsStateAndExitsZero()
    {
        var input = CliRunner.TempFile("commands.jsonl", Commands);
        var events = CliRunner.TempFile("events.jsonl");
        var state = CliRunner.TempFile("state.json");
        var r = CliRunner.Run(null, "replay", input, "--events", events, "--state", state, "--check");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var lines = File.ReadAllLines(events);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.Contains(lines, l => l.Contains("\"type\":\"liquidated\""));
        Assert.Contains(lines, l => l.Contains("\"type\":\"deleveraged\""));
        Assert.Contains(lines, l => l.Contains("\"type\":\"rejected\"") && l.Contains("\"cmd\":11"));
        Assert.Contains(lines, l => l.Contains("\"type\":\"deposited\"") && l.Contains("\"carol\""));
        using var doc = JsonDocument.Parse(File.ReadAllText(state));
        Assert.Matches("^[0-9a-f]{64}$", doc.RootElement.GetProperty("stateHash").GetString()!);
    }

    [Fact]
    public void Replay_WithoutEventsOption_WritesEventsToStdout()
    {
        var r = CliRunner.Run(null, "replay", CliRunner.TempFile("c.jsonl", Commands));
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("""{"seq":1,"cmd":1,"type":"configured",""", r.Stdout);
    }

    [Fact]
    public void Replay_StandardInput_ReadsDash()
    {
        var r = CliRunner.Run(Commands, "replay", "-");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"type\":\"liquidated\"", r.Stdout);
    }

    [Fact]
    public void Replay_TwiceOnSameInput_ByteIdenticalOutputs()
    {
        var input = CliRunner.TempFile("c.jsonl", Commands);
        var s1 = CliRunner.TempFile("s1.json");
        var s2 = CliRunner.TempFile("s2.json");
        var a = CliRunner.Run(null, "replay", input, "--state", s1);
        var b = CliRunner.Run(null, "replay", input, "--state", s2);
        Assert.Equal(a.Stdout, b.Stdout);
        Assert.Equal(File.ReadAllText(s1), File.ReadAllText(s2));
    }

    [Theory]
    [InlineData("""{"type":"deposit","account":"x","amount":"abc"}""", "line 3: field \"amount\": expected a decimal number like \"123.45\", got \"abc\"")]
    [InlineData("""{"type":"deposit","account":"x","amount":"1","note":"hi"}""", "line 3: unknown field \"note\" in deposit (expected: type, account, amount, time)")]
    [InlineData("""{"type":"deposit","account":"x"}""", "line 3: missing field \"amount\" in deposit")]
    [InlineData("""{"type":"liquidate","account":"x"}""", "line 3: field \"type\": unknown command type \"liquidate\"")]
    [InlineData("""not json""", "line 3: invalid JSON")]
    [InlineData("""{"type":"config","adl":{"ranking":"random"}}""", "line 3: field \"adl.ranking\": unknown value \"random\"")]
    public void Replay_MalformedLine_ExitsTwoWithLineAndFieldAfterEarlierEvents(string bad, string expected)
    {
        var input = CliRunner.TempFile("bad.jsonl", """
            {"type":"deposit","account":"alice","amount":"10"}
            // the next line is the bad one
            """ + "\n" + bad + "\n" + """{"type":"deposit","account":"bob","amount":"10"}""");
        var r = CliRunner.Run(null, "replay", input);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(expected, r.Stderr.Trim());
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("\"alice\"", lines[0]);
    }

    [Theory]
    [InlineData("""{"type":"trade","market":"NOPE","buyer":"a","seller":"b","price":"1","quantity":"1"}""", "unknownMarket")]
    [InlineData("""{"type":"deposit","account":"insurance","amount":"1"}""", "builtInAccount")]
    [InlineData("""{"type":"deposit","account":"alice","amount":"-1"}""", "invalidValue")]
    [InlineData("""{"type":"withdraw","account":"ghost","amount":"1"}""", "unknownAccount")]
    [InlineData("""{"type":"market","market":"M","tickSize":"0.0001","lotSize":"0.0001","initialMargin":"0.1","maintenanceMargin":"0.05"}""", "invalidMarket")]
    [InlineData("""{"type":"config"}""", "outOfOrder")]
    public void Replay_RuleBroken_RejectedEventAndGoesOn(string line, string code)
    {
        var input = CliRunner.TempFile("rules.jsonl", """
            {"type":"deposit","account":"alice","amount":"10"}
            """ + "\n" + line + "\n" + """{"type":"deposit","account":"bob","amount":"10"}""");
        var r = CliRunner.Run(null, "replay", input, "--check");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"\"type\":\"rejected\",\"code\":\"{code}\"", lines[1]);
        Assert.Contains("\"bob\"", lines[2]);
    }

    [Fact]
    public void Replay_MissingFile_ExitsOneWithMessage()
    {
        var r = CliRunner.Run(null, "replay", "/nonexistent/commands.jsonl");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("file not found", r.Stderr);
    }

    [Fact]
    public void Help_ListsCommandsAndReplayOptions()
    {
        var root = CliRunner.Run(null, "--help");
        Assert.Equal(0, root.ExitCode);
        Assert.Contains("replay", root.Stdout);
        Assert.Contains("demo", root.Stdout);
        var replay = CliRunner.Run(null, "replay", "--help");
        Assert.Contains("--events", replay.Stdout);
        Assert.Contains("--state", replay.Stdout);
        Assert.Contains("--check", replay.Stdout);
        Assert.Contains("Exit codes", replay.Stdout);
    }
}

public class VerifyCommandTest
{
    [Fact]
    public void Verify_EventsOfTheDemo_RebuildTheReplayedStateHash()
    {
        var scenario = Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");
        var events = CliRunner.TempFile("events.jsonl");
        var state = CliRunner.TempFile("state.json");
        Assert.Equal(0, CliRunner.Run(null, "replay", scenario, "--events", events, "--state", state).ExitCode);
        var r = CliRunner.Run(null, "verify", events, "--state", state);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("matches the state file", r.Stdout);
    }

    [Fact]
    public void Verify_TamperedEvent_HashDiffersOrLineRejected()
    {
        var scenario = Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");
        var events = CliRunner.TempFile("events.jsonl");
        var state = CliRunner.TempFile("state.json");
        CliRunner.Run(null, "replay", scenario, "--events", events, "--state", state);
        var lines = File.ReadAllLines(events);
        int i = Array.FindIndex(lines, l => l.Contains("\"type\":\"deposited\""));
        lines[i] = lines[i].Replace("\"amount\":\"13000\"", "\"amount\":\"13001\"");
        File.WriteAllLines(events, lines);
        var r = CliRunner.Run(null, "verify", events, "--state", state);
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("differs", r.Stderr);
    }
}
