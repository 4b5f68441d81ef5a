using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>Fair and dYdX ADL, and FTX's backstop price.</summary>
public class AdlPoliciesTest
{
    private static EngineConfig Adl(AdlRankingKind ranking, ulong seed = 0) =>
        EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlRanking = ranking, AdlSeed = seed };

    /// <summary>
    /// Fair ADL (derived from its rule): a short of 20 sold at 190 with 200 is liquidated at mark 200 (equity 0,
    /// bankruptcy price 200) against longs a (5 bought at 100), b (10 at 130), c (10 at 150) with profits 500,
    /// 700, 500. Lots ∝ profit would give a 20 x 500/1700 = 5.9 > its 5, so a's cap binds: a 5, and the other 15
    /// split 700:500 → 8.75 and 6.25 → floors 8 and 6, the last lot to the larger remainder (b): a 5, b 9, c 6.
    /// </summary>
    [Fact]
    public void Fair_CapBindsOnASmallPosition_WaterFillsInWholeLots()
    {
        var s = new Scenario().Config(Adl(AdlRankingKind.Fair)).Market("P", "1", "1", "0.05", "0.025")
            .Deposit("a", "1000").Deposit("b", "1000").Deposit("c", "1000").Deposit("short", "200")
            .Trade("P", "a", "market", "100", "5")
            .Trade("P", "b", "market", "130", "10")
            .Trade("P", "c", "market", "150", "10")
            .Trade("P", "market", "short", "190", "20");
        var events = s.Mark("P", "200");
        var fills = events.OfType<Deleveraged>().ToDictionary(d => d.Account.Value, d => d.Quantity.Lots);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 5, ["b"] = 9, ["c"] = 6 }, fills);
        Assert.All(events.OfType<Deleveraged>(), d => Assert.Equal(200, d.Price.Ticks));
    }

    /// <summary>With room in every position, fair ADL takes lots exactly in proportion to profit: 1,800 : 900 : 300 of 20 → 12, 6, 2.</summary>
    [Fact]
    public void Fair_NoCapBinds_LotsProportionalToProfit()
    {
        var s = new Scenario().Config(Adl(AdlRankingKind.Fair)).Market("P", "1", "1", "0.05", "0.025")
            .Deposit("a", "5000").Deposit("b", "5000").Deposit("c", "5000").Deposit("short", "200")
            .Trade("P", "a", "market", "140", "30")
            .Trade("P", "b", "market", "170", "30")
            .Trade("P", "c", "market", "190", "30")
            .Trade("P", "market", "short", "190", "20");
        // profits at 200: a 30 x 60 = 1800, b 30 x 30 = 900, c 30 x 10 = 300 → 12, 6, 2
        var fills = s.Mark("P", "200").OfType<Deleveraged>().ToDictionary(d => d.Account.Value, d => d.Quantity.Lots);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 12, ["b"] = 6, ["c"] = 2 }, fills);
    }

    /// <summary>
    /// dYdX v4 TestOffsetSubaccountPerpetualPosition (dydxprotocol/v4-chain protocol/x/clob/keeper/deleveraging_test.go):
    /// Carl short 1 BTC with 54,999 USDC of quote, Dave long 1 BTC with 50,000 → one fill at the bankruptcy price
    /// 54,999; Dave ends with 104,999. In our accounting Carl deposited 4,999 and sold 1 at 50,000 (quote 54,999);
    /// Dave deposited 100,000 and bought at 50,000 (quote 50,000).
    /// </summary>
    [Fact]
    public void Dydx_OffsetSubaccountExample_FillsAtBankruptcy54999()
    {
        var s = new Scenario().Config(Adl(AdlRankingKind.Dydx, seed: 7)).Market("BTC", "1", "1", "0.05", "0.025")
            .Deposit("carl", "4999").Deposit("dave", "100000")
            .Trade("BTC", "dave", "carl", "50000", "1");
        var events = s.Mark("BTC", "55000");
        var d = Assert.Single(events.OfType<Deleveraged>());
        Assert.Equal(("dave", 1L, 54999L), (d.Account.Value, d.Quantity.Lots, d.Price.Ticks));
        Assert.Equal(Money.Parse("104999"), s.Account("dave").Balance);
        Assert.Equal(Money.Zero, s.Account("carl").Balance);
    }

    /// <summary>dYdX's walk starts at a seeded pseudo-random account and goes on cyclically; the same seed gives the same fills.</summary>
    [Fact]
    public void Dydx_SeedChoosesTheStart_Reproducibly()
    {
        string FirstHit(ulong seed)
        {
            var s = new Scenario().Config(Adl(AdlRankingKind.Dydx, seed)).Market("P", "1", "1", "0.05", "0.025")
                .Deposit("short", "100");
            foreach (var id in new[] { "a", "b", "c", "d", "e", "f" })
                s.Deposit(id, "1000").Trade("P", id, "market", "100", "5");
            s.Trade("P", "market", "short", "100", "5");
            return s.Mark("P", "125").OfType<Deleveraged>().First().Account.Value;
        }

        var firsts = Enumerable.Range(0, 16).Select(i => FirstHit((ulong)i)).ToList();
        Assert.True(firsts.Distinct().Count() > 1, "different seeds start at different accounts");
        Assert.Equal(firsts, Enumerable.Range(0, 16).Select(i => FirstHit((ulong)i)).ToList());
    }

    /// <summary>
    /// FTX backstop price (https://help.ftx.com/hc/en-us/articles/360027668712-Liquidations), derived: mark 9,646,
    /// margin fraction 1.5% → zero price 9,646 x 0.985 = 9,501.31, backstop price ⅔ x 9,501.31 + ⅓ x 9,646 = 9,549.54.
    /// A long of 2 bought at 10,000 with 997.38 has equity 289.38 = 1.5% of 19,292 at 9,646.
    /// </summary>
    [Fact]
    public void FtxBackstopPrice_DerivedExample_9549_54()
    {
        var s = new Scenario()
            .Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Backstop], BackstopPrice = ClosePrice.Ftx })
            .Market("BTC", "0.01", "0.0001", "0.04", "0.03")
            .Deposit("trader", "997.38").Deposit("blp", "500000")
            .Trade("BTC", "trader", "market", "10000", "2");
        s.Run(new Core.Commands.BackstopCommand(new AccountId("blp"), true));
        var events = s.Mark("BTC", "9646");
        var fill = Assert.Single(events.OfType<ClosedOut>());
        Assert.Equal((CloseOutVia.Backstop, "blp", "9549.54"), (fill.Via, fill.Counterparty.Value, s.Ledger.Markets["BTC"].Spec.Format(fill.Price)));
    }
}
