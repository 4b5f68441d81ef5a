using System.Text;

namespace SocialLoss.Contract.Tests;

/// <summary>The UTF-8 replay writes the same bytes, state and errors as the text replay.</summary>
public class ReplayUtf8Test
{
    private static string Scenario => Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");

    [Fact]
    public void Run_Scenario_ByteIdenticalEventsAndState()
    {
        var text = File.ReadAllText(Scenario);
        AssertSame(Encoding.UTF8.GetBytes(text), check: true);
    }

    [Fact]
    public void Run_Crash_ByteIdenticalEventsAndState() => AssertSame(Encoding.UTF8.GetBytes(ReplayTest.Crash), check: true);

    [Theory]
    [InlineData("{\"type\":\"insurance\",\"amount\":\"5\"}\r\n\r\n// note\r{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}\n{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"x\"}\n{\"type\":\"settle\"}")]
    [InlineData("\uFEFF{\"type\":\"deposit\",\"account\":\"é\",\"amount\":\"1\"}\n{\"type\":\"withdraw\",\"account\":\"é\",\"amount\":\"5\"}")]
    [InlineData("{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}\n{\"type\":\"deposit\",")]
    public void Run_EdgeInputs_SameEventsAndError(string input) => AssertSame(Encoding.UTF8.GetBytes(input), check: false);

    [Fact]
    public void Run_RandomCommandStreams_SameEventsAndError()
    {
        var rng = new Random(11);
        for (int i = 0; i < 200; i++)
        {
            var lines = Enumerable.Range(0, rng.Next(1, 30)).Select(_ => Utf8CommandParserTest.RandomLine(rng, odd: rng.Next(2) == 0));
            AssertSame(Encoding.UTF8.GetBytes(string.Join(rng.Next(2) == 0 ? "\n" : "\r\n", lines)), check: false);
        }
    }

    [Fact]
    public void Run_Utf16File_DecodedAsText()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(ReplayTest.Crash)).ToArray();
        var text = new Replay();
        var expected = new StringWriter { NewLine = "\n" };
        text.Run(new StringReader(ReplayTest.Crash), expected);
        var utf8 = new Replay();
        var actual = new MemoryStream();
        utf8.Run(new MemoryStream(bytes), actual);
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(actual.ToArray()));
    }

    private static void AssertSame(byte[] input, bool check)
    {
        var text = new Replay();
        var expected = new MemoryStream();
        var textOutcome = Outcome(() =>
        {
            using var w = new StreamWriter(expected, new UTF8Encoding(false), 1024, leaveOpen: true) { NewLine = "\n" };
            return text.Run(new StreamReader(new MemoryStream(input)), w, check);
        });

        var utf8 = new Replay();
        var actual = new MemoryStream();
        var utf8Outcome = Outcome(() => utf8.Run(new MemoryStream(input), actual, check));

        // An engine exception (a huge odd-but-valid number can overflow a checked product) must be the same exception.
        Assert.Equal(textOutcome, utf8Outcome);
        if (textOutcome.StartsWith("exception", StringComparison.Ordinal))
            return;
        Assert.Equal(text.Error, utf8.Error);
        Assert.Equal(text.Commands, utf8.Commands);
        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(actual.ToArray()));
        Assert.True(expected.ToArray().AsSpan().SequenceEqual(actual.ToArray()));
        Assert.Equal(StateHash.Compute(text.Engine.Ledger), StateHash.Compute(utf8.Engine.Ledger));
    }

    private static string Outcome(Func<ReplayOutcome> run)
    {
        try
        {
            return run().ToString();
        }
        catch (Exception e) when (e is OverflowException or InvalidOperationException)
        {
            return $"exception {e.GetType().Name}: {e.Message}";
        }
    }
}
