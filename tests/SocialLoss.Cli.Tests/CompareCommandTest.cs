using System.Text.Json;

namespace SocialLoss.Cli.Tests;

public class CompareCommandTest
{
    private static string Scenario => Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");

    [Fact]
    public void Compare_Table_ListsEveryRequestedPolicy()
    {
        var r = CliRunner.Run(null, "compare", Scenario, "--policies", "bitmex-adl,fair-adl,pro-rata");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("bitmex-adl", r.Stdout);
        Assert.Contains("fair-adl", r.Stdout);
        Assert.Contains("pro-rata", r.Stdout);
        Assert.Contains("Gini", r.Stdout);
    }

    [Fact]
    public void Compare_Json_AllPresetsWithMetrics()
    {
        var r = CliRunner.Run(null, "compare", Scenario, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(14, doc.RootElement.GetArrayLength());
        var fair = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("policy").GetString() == "fair-adl");
        Assert.True(fair.GetProperty("adlFills").GetInt32() > 0);
        Assert.True(fair.TryGetProperty("haircutGini", out _));
    }

    [Fact]
    public void Compare_List_PrintsConfigLines()
    {
        var r = CliRunner.Run(null, "compare", "--list", "x");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("min-max", r.Stdout);
        Assert.Contains("\"type\":\"config\"", r.Stdout);
    }

    [Fact]
    public void Compare_UnknownPolicy_ExitsOne()
    {
        var r = CliRunner.Run(null, "compare", Scenario, "--policies", "bitmex-adl,nope");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("unknown policy \"nope\"", r.Stderr);
    }
}
