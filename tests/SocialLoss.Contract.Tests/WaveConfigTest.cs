using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract.Tests;

/// <summary>The config options of per-wave allocation, the 2026 ADL rankings and Hyperliquid's liquidation, through JSONL.</summary>
public class WaveConfigTest
{
    [Fact]
    public void Parse_Config_ReadsAllocationRankingsPreviousMarkTransferAndPartial()
    {
        var c = Assert.IsType<ConfigureCommand>(CommandParser.Parse(
            """{"type":"config","closeout":["book","backstop","adl"],"adl":{"ranking":"leverage","price":"previous-mark"},"allocation":"per-wave","backstop":{"price":"mark","transferBelow":"0.666666667"},"liquidation":{"partialAbove":"100000","partialFraction":"0.2","cooldown":"30"}}"""));
        Assert.Equal(AdlRankingKind.Leverage, c.Config.AdlRanking);
        Assert.Equal(ClosePrice.PreviousMark, c.Config.AdlPrice);
        Assert.Equal(AllocationScope.PerWave, c.Config.Allocation);
        Assert.Equal(Rate.Parse("0.666666667"), c.Config.BackstopTransferBelow);
        Assert.Equal(new PartialLiquidation(Money.FromUnits(100_000), Rate.Parse("0.2"), 30), c.Config.Partial);
        var budgeted = Assert.IsType<ConfigureCommand>(CommandParser.Parse("""{"type":"config","adl":{"ranking":"budgeted"}}"""));
        Assert.Equal(AdlRankingKind.Budgeted, budgeted.Config.AdlRanking);
        var defaults = Assert.IsType<ConfigureCommand>(CommandParser.Parse("""{"type":"config"}"""));
        Assert.Equal((AllocationScope.PerBankruptcy, (Rate?)null, (PartialLiquidation?)null), (defaults.Config.Allocation, defaults.Config.BackstopTransferBelow, defaults.Config.Partial));
    }

    [Theory]
    [InlineData("""{"type":"config","allocation":"per-sweep"}""", "field \"allocation\": unknown value \"per-sweep\"")]
    [InlineData("""{"type":"config","allocation":1}""", "field \"allocation\"")]
    [InlineData("""{"type":"config","backstop":{"transferBelow":"two thirds"}}""", "field \"backstop.transferBelow\"")]
    [InlineData("""{"type":"config","liquidation":{"partialAbove":"100000","partialFraction":"0.2","cooldown":"-1"}}""", "field \"liquidation.cooldown\"")]
    [InlineData("""{"type":"config","liquidation":{"partialFraction":"0.2"}}""", "missing field \"liquidation.partialAbove\" in liquidation")]
    [InlineData("""{"type":"config","liquidation":{"partialAbove":"1","partialFraction":"0.2","every":"1"}}""", "unknown field \"liquidation.every\"")]
    public void Parse_BadConfig_SaysWhichFieldAndWhy(string line, string expected)
    {
        var e = Assert.Throws<CommandFormatException>(() => CommandParser.Parse(line));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("""{"type":"config","adl":{"ranking":"budgeted","price":"mark"}}""", "adl.ranking \"budgeted\" pays the shortfall through the bankruptcy price")]
    [InlineData("""{"type":"config","backstop":{"price":"previous-mark"}}""", "backstop.price: \"previous-mark\" is an ADL price")]
    [InlineData("""{"type":"config","backstop":{"transferBelow":"1.5"}}""", "backstop.transferBelow: must be greater than 0 and at most 1")]
    [InlineData("""{"type":"config","liquidation":{"partialAbove":"100000","partialFraction":"0"}}""", "liquidation.partialFraction: must be greater than 0 and at most 1")]
    public void Replay_ConfigBreakingARule_IsRejected(string line, string reason)
    {
        var replay = new Replay(collectEvents: true);
        replay.Run(new StringReader(line), null, check: true);
        var r = Assert.IsType<Rejected>(Assert.Single(replay.Events));
        Assert.Contains(reason, r.Reason);
    }

    /// <summary>
    /// The hand-computed per-wave clawback of the Core test, end to end through JSONL: two longs bankrupt at mark 80 with
    /// 100 of debt each, capped pro-rata at 40% over w1 (base 20) and w2 (base 380): pooled, w1 pays 8 and w2 152 (92
    /// to l1, 60 to l2), 40 is deficit; the configured event echoes the allocation, and replaying the events rebuilds it.
    /// </summary>
    [Fact]
    public void Replay_PerWaveClawback_EventsAsHandComputed()
    {
        const string jsonl = """
            {"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"capped-pro-rata","cap":"0.4"},"allocation":"per-wave"}
            {"type":"market","market":"P","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05"}
            {"type":"deposit","account":"l1","amount":"100"}
            {"type":"deposit","account":"l2","amount":"100"}
            {"type":"deposit","account":"w1","amount":"10000"}
            {"type":"deposit","account":"w2","amount":"1000"}
            {"type":"trade","market":"P","buyer":"l1","seller":"w1","price":"100","quantity":"1"}
            {"type":"trade","market":"P","buyer":"l1","seller":"w2","price":"100","quantity":"9"}
            {"type":"trade","market":"P","buyer":"l2","seller":"w2","price":"100","quantity":"10"}
            {"type":"mark","market":"P","price":"80"}
            """;
        var replay = new Replay(collectEvents: true);
        var output = new StringWriter { NewLine = "\n" };
        Assert.Equal(ReplayOutcome.Completed, replay.Run(new StringReader(jsonl), output, check: true));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"allocation\":\"per-wave\"", lines[0]);
        var clawbacks = lines.Where(l => l.Contains("\"type\":\"clawback\"")).ToArray();
        Assert.Equal(3, clawbacks.Length);
        Assert.Contains("\"account\":\"w1\",\"bankrupt\":\"l1\",\"amount\":\"8\"", clawbacks[0]);
        Assert.Contains("\"account\":\"w2\",\"bankrupt\":\"l1\",\"amount\":\"92\"", clawbacks[1]);
        Assert.Contains("\"account\":\"w2\",\"bankrupt\":\"l2\",\"amount\":\"60\"", clawbacks[2]);
        Assert.Contains(lines, l => l.Contains("\"type\":\"deficit\"") && l.Contains("\"change\":\"40\""));

        var rebuilt = new EventReader();
        foreach (var line in lines)
            rebuilt.Apply(line);
        Assert.Equal(StateHash.Compute(replay.Engine.Ledger), StateHash.Compute(rebuilt.Ledger));
    }
}
