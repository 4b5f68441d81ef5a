using System.Text.Json;

namespace SocialLoss.Cli.Tests;

/// <summary><c>config.funding: "index"</c> end to end through <c>socialloss replay</c>.</summary>
public class FundingIndexReplayTest
{
    private const string Commands = """
        {"type":"config","closeout":[],"funding":"index"}
        {"type":"market","market":"F","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05"}
        {"type":"deposit","account":"x","amount":"100"}
        {"type":"deposit","account":"y","amount":"1000"}
        {"type":"trade","market":"F","buyer":"x","seller":"y","price":"100","quantity":"10"}
        {"type":"funding","market":"F","rate":"0.05"}
        {"type":"funding","market":"F","rate":"0.05"}
        """;

    /// <summary>
    /// x (10 long at 100, 100 deposited) owes 50 a funding: after the first its equity 50 is at maintenance 50; the second
    /// puts it under, and it is liquidated in the same command, though nothing was settled: each funding is one
    /// <c>fundingIndex</c> event, and the state (checked after every command) counts the accruals.
    /// </summary>
    [Fact]
    public void Replay_FundingIndex_OneEventPerFunding_LiquidatesOnUnsettledFunding_StateChecked()
    {
        var input = CliRunner.TempFile("index.jsonl", Commands);
        var events = CliRunner.TempFile("events.jsonl");
        var state = CliRunner.TempFile("state.json");
        var r = CliRunner.Run(null, "replay", input, "--events", events, "--state", state, "--check");
        Assert.Equal(0, r.ExitCode);
        var lines = File.ReadAllLines(events);
        Assert.Equal(2, lines.Count(l => l.Contains("\"type\":\"fundingIndex\"")));
        Assert.DoesNotContain(lines, l => l.Contains("\"type\":\"funded\""));
        Assert.Contains(lines, l => l.Contains("\"type\":\"fundingIndex\"") && l.Contains("\"cmd\":6") && l.Contains("\"perLot\":\"5\""));
        var liquidated = Assert.Single(lines, l => l.Contains("\"type\":\"liquidated\""));
        Assert.Contains("\"cmd\":7", liquidated);
        Assert.Contains("\"equity\":\"0\"", liquidated);
        using var doc = JsonDocument.Parse(File.ReadAllText(state));
        var market = doc.RootElement.GetProperty("markets").GetProperty("F");
        Assert.Equal("10", market.GetProperty("fundingIndex").GetString()); // 5 + 5 a lot
        Assert.Equal("index", doc.RootElement.GetProperty("config").GetProperty("funding").GetString());
    }

    [Theory]
    [InlineData("""{"type":"config","funding":"lazy"}""", "line 2: field \"funding\": unknown value \"lazy\"")]
    [InlineData("""{"type":"config","funding":true}""", "line 2: field \"funding\"")]
    public void Replay_BadFundingValue_ExitsTwoWithLineAndField(string bad, string expected)
    {
        var input = CliRunner.TempFile("bad-funding.jsonl", "// a comment line first\n" + bad + "\n" + """{"type":"deposit","account":"a","amount":"1"}""");
        var r = CliRunner.Run(null, "replay", input);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(expected, r.Stderr.Trim());
    }
}
