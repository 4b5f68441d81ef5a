using SocialLoss.Contract;
using SocialLoss.Core.Engine;

namespace SocialLoss.Server.Tests;

/// <summary>The open interest the dashboard's history shows (the market's own, kept by the ledger) matches a full count after every command.</summary>
public class OpenInterestTest
{
    private static long Recount(Ledger ledger, string market)
    {
        long lots = 0;
        foreach (var a in ledger.Accounts.Values)
            foreach (var (m, p) in a.OpenPositions)
                if (m == market && p.Quantity.Lots > 0)
                    lots += p.Quantity.Lots;
        return lots;
    }

    private static void AssertTracksEveryCommand(IEnumerable<string> lines)
    {
        var engine = new ClearingEngine();
        int line = 0;
        foreach (var text in lines)
        {
            engine.Execute(CommandParser.Parse(text), ++line);
            foreach (var (market, state) in engine.Ledger.Markets)
                Assert.True(Recount(engine.Ledger, market) == state.OpenInterest.Lots, $"line {line}: {text}");
        }
    }

    [Fact]
    public void Trades_FlippingSidesAndClosing_MatchAFullCount()
    {
        var random = new Random(7);
        var lines = new List<string>
        {
            """{"type":"market","market":"BTC-PERP","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05"}""",
            """{"type":"market","market":"ETH-PERP","tickSize":"0.01","lotSize":"0.01","initialMargin":"0.1","maintenanceMargin":"0.05"}""",
        };
        for (int i = 0; i < 6; i++)
            lines.Add($$"""{"type":"deposit","account":"t{{i}}","amount":"100000"}""");
        for (int i = 0; i < 2_000; i++)
        {
            int buyer = random.Next(6), seller = random.Next(6); // sometimes the same account: rejected, nothing moves
            lines.Add(random.Next(10) == 0
                ? $$"""{"type":"mark","market":"BTC-PERP","price":"{{99 + random.Next(3)}}"}"""
                : random.Next(2) == 0
                    ? $$"""{"type":"trade","market":"BTC-PERP","buyer":"t{{buyer}}","seller":"t{{seller}}","price":"100","quantity":"0.{{1 + random.Next(999):D3}}"}"""
                    : $$"""{"type":"trade","market":"ETH-PERP","buyer":"t{{buyer}}","seller":"t{{seller}}","price":"10","quantity":"{{1 + random.Next(50)}}"}""");
        }

        AssertTracksEveryCommand(lines);
    }

    [Fact]
    public void Crash_WithLiquidationsAndAdl_MatchesAFullCount()
    {
        var lines = Scenario.DemoCrash().ToList();
        // trading on after the crash, on the figures the liquidations left behind
        lines.Add("""{"type":"deposit","account":"late1","amount":"1000000"}""");
        lines.Add("""{"type":"deposit","account":"late2","amount":"1000000"}""");
        var market = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .First(e => e.GetProperty("type").GetString() == "market").GetProperty("market").GetString();
        lines.Add($$"""{"type":"trade","market":"{{market}}","buyer":"late1","seller":"late2","price":"{{MarkAfter(lines)}}","quantity":"1"}""");
        AssertTracksEveryCommand(lines);
    }

    private static string MarkAfter(List<string> lines)
    {
        var replay = new Replay();
        replay.Run(new StringReader(string.Join('\n', lines)), null);
        var m = replay.Engine.Ledger.Markets.Values.First();
        return m.Spec.Format(m.Mark!.Value);
    }
}
