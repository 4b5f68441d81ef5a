namespace SocialLoss.Cli.Tests;

public class DemoCommandTest
{
    [Fact]
    public void Demo_BundledScenario_PrintsTablesOfWhoPaidWhat_ThenWritesTheSimulationReport()
    {
        // no --data: the build's copy of the repository's data/ beside the binary is found
        var outDir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        var r = CliRunner.Run(null, "demo", "--accounts", "300", "--out", outDir);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("skipped", r.Stdout);
        Assert.Contains("report:", r.Stdout);
        Assert.True(File.Exists(Path.Combine(outDir, "index.html")));

        Assert.Contains("Liquidations", r.Stdout);
        Assert.Contains("Auto-deleveraged", r.Stdout);
        Assert.Contains("Who paid the bad debt", r.Stdout);
        Assert.Contains("Accounts at the end", r.Stdout);
        Assert.Contains("Conservation holds", r.Stdout);
        Assert.Matches("State hash [0-9a-f]{64}", r.Stdout);
    }

    [Fact]
    public void Demo_WithScenario_OnlyReplays()
    {
        var scenario = Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");
        var r = CliRunner.Run(null, "demo", "--scenario", scenario);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Who paid the bad debt", r.Stdout);
        Assert.DoesNotContain("report:", r.Stdout);
    }

    [Fact]
    public void Demo_ScenarioAndState_SameHashAsReplay()
    {
        var scenario = Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");
        var s1 = CliRunner.TempFile("demo-state.json");
        var s2 = CliRunner.TempFile("replay-state.json");
        Assert.Equal(0, CliRunner.Run(null, "demo", "--scenario", scenario, "--state", s1).ExitCode);
        Assert.Equal(0, CliRunner.Run(null, "replay", scenario, "--events", CliRunner.TempFile("e.jsonl"), "--state", s2, "--check").ExitCode);
        Assert.Equal(File.ReadAllText(s1), File.ReadAllText(s2));
    }

    [Fact]
    public void Demo_MissingScenario_ExitsOne()
    {
        var r = CliRunner.Run(null, "demo", "--scenario", "/nonexistent.jsonl");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("scenario not found", r.Stderr);
    }
}
