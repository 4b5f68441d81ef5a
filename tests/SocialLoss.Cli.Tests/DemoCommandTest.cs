namespace SocialLoss.Cli.Tests;

public class DemoCommandTest
{
    [Fact]
    public void Demo_BundledScenario_PrintsTablesOfWhoPaidWhat()
    {
        var r = CliRunner.Run(null, "demo");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Liquidations", r.Stdout);
        Assert.Contains("Auto-deleveraged", r.Stdout);
        Assert.Contains("Who paid the bad debt", r.Stdout);
        Assert.Contains("Accounts at the end", r.Stdout);
        Assert.Contains("Conservation holds", r.Stdout);
        Assert.Matches("State hash [0-9a-f]{64}", r.Stdout);
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
