using System.Text;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract.Tests;

/// <summary>The optional <c>time</c> of every command: read exactly, echoed by its events, read back by <see cref="EventReader"/>.</summary>
public class CommandTimeTest
{
    private const string Timed = """
        {"type":"config","time":"2025-10-10T21:15:00Z"}
        {"type":"market","market":"BTC-PERP","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","liquidationFee":"0.01","time":"2025-10-10T21:15:00.001Z"}
        {"type":"deposit","account":"alice","amount":"1000","time":"2025-10-10T21:16:04.831Z"}
        {"type":"deposit","account":"bob","amount":"5000"}
        {"type":"trade","market":"BTC-PERP","buyer":"alice","seller":"bob","price":"100","quantity":"60","time":"2025-10-10T21:16:05Z"}
        {"type":"book","market":"BTC-PERP","bids":[["90","20"],["80","20"]],"asks":[],"time":"2025-10-10T21:16:06Z"}
        {"type":"mark","market":"BTC-PERP","price":"86","time":"2025-10-10T21:16:07.5Z"}
        {"type":"withdraw","account":"bob","amount":"1000000","time":"2025-10-10T21:16:08.000001Z"}
        """;

    [Theory]
    [InlineData("""{"type":"deposit","account":"a","amount":"1","time":"2025-10-10T21:16:04.831Z"}""")]
    [InlineData("""{"time":"2025-10-10T21:16:04.831Z","type":"mark","market":"X","price":"1"}""")]
    public void Parse_Time_BothParsersReadTheSameExactValue(string line)
    {
        var text = CommandParser.Parse(line);
        var utf8 = new Utf8CommandParser().Parse(Encoding.UTF8.GetBytes(line));
        Assert.Equal(new Timestamp(1_760_130_964_831_000), text.Time);
        Assert.Equal(text, utf8);
    }

    [Fact]
    public void Parse_NoTime_Null() => Assert.Null(CommandParser.Parse("""{"type":"settle"}""").Time);

    [Theory]
    [InlineData("\"2025-10-10T21:16:04\"", "got the string \"2025-10-10T21:16:04\"")]
    [InlineData("\"2025-10-10T21:16:04+02:00\"", "got the string")]
    [InlineData("\"yesterday\"", "got the string \"yesterday\"")]
    [InlineData("1760130964831", "got the number 1760130964831")]
    [InlineData("\"2025-02-30T00:00:00Z\"", "got the string")]
    public void Parse_BadTime_NamesTheFieldOnBothPaths(string json, string got)
    {
        var line = $$"""{"type":"deposit","account":"a","amount":"1","time":{{json}}}""";
        var text = Assert.Throws<CommandFormatException>(() => CommandParser.Parse(line));
        var utf8 = Assert.Throws<CommandFormatException>(() => new Utf8CommandParser().Parse(Encoding.UTF8.GetBytes(line)));
        Assert.StartsWith("field \"time\": expected an ISO 8601 UTC time like \"2025-10-10T21:16:04.831Z\"", text.Message);
        Assert.Contains(got, text.Message);
        Assert.Equal(text.Message, utf8.Message);
    }

    [Fact]
    public void Replay_TimedCommands_EveryEventEchoesItsCommandsTime()
    {
        var replay = new Replay(collectEvents: true);
        var output = new StringWriter { NewLine = "\n" };
        Assert.Equal(ReplayOutcome.Completed, replay.Run(new StringReader(Timed), output, check: true));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("""{"seq":3,"cmd":3,"time":"2025-10-10T21:16:04.831Z","type":"deposited","account":"alice","amount":"1000"}""", lines);
        Assert.Contains("""{"seq":4,"cmd":4,"type":"deposited","account":"bob","amount":"5000"}""", lines); // no time: none echoed
        var fromMark = replay.Events.Where(e => e.Cmd == 7).ToList();
        Assert.True(fromMark.Count > 3, "the mark liquidates: several events");
        Assert.All(fromMark, e => Assert.Equal("2025-10-10T21:16:07.500Z", e.Time.ToString()));
        Assert.All(lines.Where(l => l.Contains("\"cmd\":7,")), l => Assert.Contains("\"time\":\"2025-10-10T21:16:07.500Z\"", l));
        Assert.Contains(lines, l => l.Contains("\"time\":\"2025-10-10T21:16:08.000001Z\",\"type\":\"rejected\""));

        var reader = new EventReader();
        var read = lines.Select(reader.Apply).ToList();
        Assert.Equal(replay.Events.Select(e => (e.Seq, e.Cmd, e.Time)), read.Select(e => (e.Seq, e.Cmd, e.Time)));
        Assert.Equal(StateHash.Compute(replay.Engine.Ledger), StateHash.Compute(reader.Ledger));
    }

    [Fact]
    public void Replay_TimeChangesNoState_SameHashWithAndWithoutTimes()
    {
        var timed = new Replay();
        timed.Run(new StringReader(Timed), null);
        var plain = new Replay();
        var untimed = string.Join('\n', Timed.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, ",\"time\":\"[^\"]*\"", "")));
        Assert.DoesNotContain("time", untimed);
        plain.Run(new StringReader(untimed), null);
        Assert.Equal(StateHash.Compute(plain.Engine.Ledger), StateHash.Compute(timed.Engine.Ledger));
    }

    [Fact]
    public void Replay_Utf8Path_SameBytesAsTheTextPath()
    {
        var text = new StringWriter { NewLine = "\n" };
        new Replay().Run(new StringReader(Timed), text);
        var bytes = new MemoryStream();
        new Replay().Run(new MemoryStream(Encoding.UTF8.GetBytes(Timed)), bytes);
        Assert.Equal(text.ToString(), Encoding.UTF8.GetString(bytes.ToArray()));
    }
}
