namespace SocialLoss.Cli.Tests;

/// <summary>Issue 12 item 9: outputs that cannot be written and state files that are not JSON end in one line and a non-zero exit, never a stack trace.</summary>
public class OutputErrorsTest
{
    private const string Commands = """{"type":"deposit","account":"alice","amount":"10"}""" + "\n";

    [Theory]
    [InlineData("--events")]
    [InlineData("--state")]
    public void Replay_OutputInAMissingFolder_OneLineAndExitOne(string option)
    {
        var input = CliRunner.TempFile("c.jsonl", Commands);
        var missing = Path.Combine(Path.GetTempPath(), "socialloss-tests", Guid.NewGuid().ToString("N"), "nope", "out.json");
        var r = CliRunner.Run(null, "replay", input, option, missing);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"socialloss: cannot write {option} {missing}: the folder ", r.Stderr);
        Assert.EndsWith("does not exist", r.Stderr.TrimEnd());
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
        Assert.DoesNotContain(" at ", r.Stderr);
    }

    [Fact]
    public void Replay_OutputIsAFolder_OneLineAndExitOne()
    {
        var input = CliRunner.TempFile("c.jsonl", Commands);
        var r = CliRunner.Run(null, "replay", input, "--state", Path.GetDirectoryName(input)!);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("it is a folder", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"stateHash\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"accounts\":[]}")]
    public void Verify_StateFileNotAState_OneLineAndExitTwo(string content)
    {
        var events = CliRunner.TempFile("events.jsonl");
        Assert.Equal(0, CliRunner.Run(null, "replay", CliRunner.TempFile("c.jsonl", Commands), "--events", events).ExitCode);
        var state = CliRunner.TempFile("state.json", content);
        var r = CliRunner.Run(null, "verify", events, "--state", state);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"socialloss: --state {state}: not a state file written by replay --state", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
        Assert.DoesNotContain("Exception", r.Stderr);
    }
}
