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
        Assert.Equal(20, doc.RootElement.GetArrayLength());
        var fair = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("policy").GetString() == "fair-adl");
        Assert.True(fair.GetProperty("adlFills").GetInt32() > 0);
        Assert.True(fair.TryGetProperty("haircutGini", out _));
    }

    /// <summary>The per-wave and 2026 policies run end to end on the demo crash and deleverage or claw back what the fund does not cover.</summary>
    [Fact]
    public void Compare_WaveAndLeverageAndBudgetedPolicies_RunEndToEnd()
    {
        var r = CliRunner.Run(null, "compare", Scenario, "--policies", "fair-adl-wave,leverage-adl,budgeted-adl,min-max-wave,hyperliquid-documented", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var byName = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("policy").GetString()!);
        Assert.Equal(["fair-adl-wave", "leverage-adl", "budgeted-adl", "min-max-wave", "hyperliquid-documented"], byName.Keys);
        Assert.True(byName["fair-adl-wave"].GetProperty("adlFills").GetInt32() > 0);
        Assert.True(byName["leverage-adl"].GetProperty("adlFills").GetInt32() > 0);
        Assert.True(byName["min-max-wave"].GetProperty("accountsHit").GetInt32() > 0);
    }

    [Fact]
    public void Simulate_FitOutsideTheHyperliquidScenario_IsAUsageError()
    {
        var r = CliRunner.Run(null, "simulate", "--scenario", "flash-crash", "--fit");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--fit is for --scenario hyperliquid-2025-10-10", r.Stderr);
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
