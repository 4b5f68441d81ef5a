using System.Text;
using SocialLoss.Contract;
using SocialLoss.Core.Engine;

namespace SocialLoss.Contract.Tests;

/// <summary>The one replay loop: a stream, text and journal records (line by line) reach the same events and state.</summary>
public class ReplayerTest
{
    [Fact]
    public void Apply_LineByLine_SameEventsAndStateAsRunOverTheStream()
    {
        var stream = new Replayer(new ClearingEngine());
        var fromStream = new List<string>();
        var writer = new EventWriter(stream.Engine.Ledger);
        Assert.Equal(ReplayOutcome.Completed, stream.Run(new MemoryStream(Encoding.UTF8.GetBytes(ReplayTest.Crash)), es => fromStream.AddRange(es.Select(writer.Format))));

        // as the service's recovery and the load test's check do: one journal record at a time, numbered by position
        var records = new Replayer(new ClearingEngine());
        var journalWriter = new EventWriter(records.Engine.Ledger);
        var fromRecords = new List<string>();
        long position = 0;
        foreach (var line in ReplayTest.Crash.Split('\n'))
            fromRecords.AddRange((records.Apply(line, ++position) ?? []).Select(journalWriter.Format));

        Assert.Equal(fromStream, fromRecords);
        Assert.Equal(stream.Commands, records.Commands);
        Assert.Equal(StateHash.Compute(stream.Engine.Ledger), StateHash.Compute(records.Engine.Ledger));
    }

    [Fact]
    public void Run_MalformedLine_StopsBeforeItNamingTheLine()
    {
        var r = new Replayer(new ClearingEngine());
        var input = "{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}\r\n\r\n// note\n{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\",\"amount\":\"9\"}\n{\"type\":\"deposit\",\"account\":\"b\",\"amount\":\"1\"}";
        int events = 0;
        Assert.Equal(ReplayOutcome.MalformedInput, r.Run(new MemoryStream(Encoding.UTF8.GetBytes(input)), es => events += es.Count));
        Assert.Equal("line 4: duplicate field \"amount\": each field may appear once", r.Error);
        Assert.Equal(1, events);
        Assert.Equal(1, r.Commands);
    }

    [Fact]
    public void Run_PolicyOverride_RunsFirstAndSkipsTheInputsConfig()
    {
        var r = new Replayer(new ClearingEngine()) { PolicyOverride = (Core.Commands.ConfigureCommand)CommandParser.Parse("""{"type":"config","adl":{"ranking":"size"}}""") };
        Assert.Single(r.Start());
        Assert.Equal(ReplayOutcome.Completed, r.Run(new MemoryStream(Encoding.UTF8.GetBytes(ReplayTest.Crash)), null));
        Assert.Equal(AdlRankingKind.Size, r.Engine.Ledger.Config.AdlRanking);
    }

    [Fact]
    public void Run_TextAndUtf16_SplitAndParsedAsTheBytes()
    {
        var text = new Replay();
        var expected = new StringWriter { NewLine = "\n" };
        text.Run(new StringReader(ReplayTest.Crash.Replace("\n", "\r\n")), expected);
        var utf16 = new Replay();
        var actual = new MemoryStream();
        utf16.Run(new MemoryStream([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(ReplayTest.Crash)]), actual);
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(actual.ToArray()));
        Assert.Equal(StateHash.Compute(text.Engine.Ledger), StateHash.Compute(utf16.Engine.Ledger));
    }
}
