using SocialLoss.Contract;

namespace SocialLoss.Contract.Tests;

public class EventReaderTest
{
    /// <summary>Under every policy preset, the written events alone rebuild the exact state (same hash).</summary>
    [Fact]
    public void WrittenEvents_UnderEveryPolicy_RebuildTheSameStateHash()
    {
        foreach (var (name, line) in PolicyCatalog.All.Select(p => (p.Name, p.ConfigLine)))
        {
            var replay = new Replay { PolicyOverride = (Core.Commands.ConfigureCommand)CommandParser.Parse(line) };
            var events = new StringWriter { NewLine = "\n" };
            Assert.Equal(ReplayOutcome.Completed, replay.Run(new StringReader(ReplayTest.Crash), events));
            var reader = new EventReader();
            foreach (var e in events.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                reader.Apply(e);
            Assert.True(StateHash.Compute(replay.Engine.Ledger) == StateHash.Compute(reader.Ledger), name);
        }
    }

    [Fact]
    public void Apply_OutOfSequence_Fails()
    {
        var reader = new EventReader();
        reader.Apply("""{"seq":1,"cmd":1,"type":"deposited","account":"a","amount":"10"}""");
        var e = Assert.Throws<CommandFormatException>(() => reader.Apply("""{"seq":3,"cmd":2,"type":"deposited","account":"a","amount":"10"}"""));
        Assert.Contains("seq 3 does not follow 1", e.Message);
    }

    [Fact]
    public void Apply_EventThatDoesNotFit_Fails()
    {
        var reader = new EventReader();
        var e = Assert.Throws<CommandFormatException>(() => reader.Apply("""{"seq":1,"cmd":1,"type":"withdrawn","account":"ghost","amount":"10","haircut":"0"}"""));
        Assert.Contains("does not fit the state", e.Message);
    }
}
