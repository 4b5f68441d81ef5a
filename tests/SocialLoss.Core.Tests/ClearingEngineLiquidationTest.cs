using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

/// <summary>
/// Liquidation through the close-out ladder's book, backstop and fund rungs, and the loss waterfall's
/// insurance stage and deficit. Unless stated: market M, tick 1, lot 1, IM 10%, MM 5%; "long" deposits 100 and
/// buys 10 at 100 from the book account, so BP = (1000 − 100) / 10 = 90, and at mark 94 its equity
/// 100 + 10 x (94 − 100) = 40 is below MM 5% x 940 = 47.
/// </summary>
public sealed class ClearingEngineLiquidationTest
{
    private static EngineBuilder LongOf10At100(CloseOutStage[] ladder, string fee = "0", ClosePrice backstopPrice = ClosePrice.Bankruptcy) =>
        new EngineBuilder()
            .Configure(closeOut: ladder, backstopPrice: backstopPrice)
            .Market("M", 1m, 1m, "0.1", "0.05", fee)
            .Deposit("long", "100")
            .Trade("M", "long", "market", 100m, 10m);

    [Fact]
    public void Mark_AboveLiquidationThreshold_LiquidatesNothing()
    {
        // equity 100 + 10 x (95 − 100) = 50 ≥ MM 5% x 950 = 47.5
        var b = LongOf10At100([CloseOutStage.Book]).Mark("M", 95m);
        Assert.Empty(b.LastOf<Liquidated>());
    }

    [Fact]
    public void Mark_BookFillBetterThanBankruptcy_TraderKeepsEquityLessFee()
    {
        var b = LongOf10At100([CloseOutStage.Book], fee: "0.01")
            .Book("M", [(93m, 10m)], [])
            .Mark("M", 94m);

        var m = EngineBuilder.M("M");
        var longId = EngineBuilder.Id("long");
        // fill 10 @ 93 > BP 90: balance 100 + 10 x (93 − 100) = 30; fee = 1% x 930 = 9.3 (below the 30 left)
        Assert.Equal(
        [
            new Marked(m, new Price(94)),
            new Liquidated(longId, m, new Quantity(10), new Price(94), new Price(90), Money.Parse("9.3"), Money.FromUnits(40), Money.FromUnits(47)),
            new ClosedOut(longId, m, AccountId.Market, CloseOutVia.Book, new Quantity(10), new Price(93)),
            new InsuranceFundChanged(Money.Parse("9.3"), Money.Parse("9.3"), FundReason.LiquidationFee, longId),
        ], b.Last.Select(e => e with { Seq = 0, Cmd = 0 }));
        Assert.Equal(Money.Parse("20.7"), b.Balance("long"));          // 30 − 9.3
        Assert.Equal(Money.Parse("9.3"), b.Ledger.Insurance.Balance);
        Assert.Empty(b.MarketState("M").Bids);                         // the level was used up
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_FeeAboveRemainingEquity_FeeCappedAtWhatIsLeft()
    {
        // fee 5% x 930 = 46.5 > the 30 left after the fill at 93 → fee 30, the trader keeps nothing
        var b = LongOf10At100([CloseOutStage.Book], fee: "0.05")
            .Book("M", [(93m, 10m)], [])
            .Mark("M", 94m);
        Assert.Equal(Money.FromUnits(30), Assert.Single(b.LastOf<Liquidated>()).Fee);
        Assert.Equal(Money.Zero, b.Balance("long"));
        Assert.Equal(Money.FromUnits(30), b.Ledger.Insurance.Balance);
        Assert.Empty(b.LastOf<BadDebt>());
    }

    [Fact]
    public void Mark_BookFillWorseThanBankruptcy_BadDebtPaidByFundThenDeficit()
    {
        // fill 10 @ 85 < BP 90: balance 100 + 10 x (85 − 100) = −50 → no fee (nothing left), bad debt 50;
        // the fund (topped up with 20) pays 20, the other 30 becomes deficit.
        var b = LongOf10At100([CloseOutStage.Book], fee: "0.01")
            .TopUp("20")
            .Book("M", [(85m, 10m)], [])
            .Mark("M", 94m);

        var m = EngineBuilder.M("M");
        var longId = EngineBuilder.Id("long");
        Assert.Equal(
        [
            new Marked(m, new Price(94)),
            new Liquidated(longId, m, new Quantity(10), new Price(94), new Price(90), Money.Zero, Money.FromUnits(40), Money.FromUnits(47)),
            new ClosedOut(longId, m, AccountId.Market, CloseOutVia.Book, new Quantity(10), new Price(85)),
            new BadDebt(longId, Money.FromUnits(50)),
            new InsuranceFundChanged(Money.FromUnits(-20), Money.Zero, FundReason.BadDebt, longId),
            new DeficitChanged(Money.FromUnits(30), Money.FromUnits(30), longId),
        ], b.Last.Select(e => e with { Seq = 0, Cmd = 0 }));
        Assert.Equal(Money.Zero, b.Balance("long"));
        Assert.Equal(Money.Zero, b.Ledger.Insurance.Balance);
        Assert.Equal(Money.FromUnits(30), b.Ledger.Deficit);
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_BookWithSeveralLevels_WalksBestFirstAndLeavesTheRest()
    {
        // bids 93 x 4 then 92 x 10: fills 4 @ 93 and 6 @ 92; 4 left at 92.
        // balance 100 + 4 x (93 − 100) + 6 x (92 − 100) = 100 − 28 − 48 = 24
        var b = LongOf10At100([CloseOutStage.Book])
            .Book("M", [(92m, 10m), (93m, 4m)], [])
            .Mark("M", 94m);
        Assert.Equal([(4L, 93L), (6L, 92L)], b.LastOf<ClosedOut>().Select(c => (c.Quantity.Lots, c.Price.Ticks)));
        Assert.Equal(Money.FromUnits(24), b.Balance("long"));
        var rest = Assert.Single(b.MarketState("M").Bids);
        Assert.Equal((92L, 4L), (rest.Price.Ticks, rest.Quantity.Lots));
    }

    [Fact]
    public void Mark_BookTooThin_FundTakesTheRestAtMark()
    {
        // 4 @ 93 from the book, the other 6 by the fund at mark 94: 100 − 28 − 36 = 36
        var b = LongOf10At100([CloseOutStage.Book])
            .Book("M", [(93m, 4m)], [])
            .Mark("M", 94m);
        var fills = b.LastOf<ClosedOut>();
        Assert.Equal([(CloseOutVia.Book, 4L, 93L), (CloseOutVia.Fund, 6L, 94L)], fills.Select(c => (c.Via, c.Quantity.Lots, c.Price.Ticks)));
        Assert.Equal(Money.FromUnits(36), b.Balance("long"));
        Assert.Equal(new Quantity(6), b.Position("insurance", "M"));
    }

    [Fact]
    public void Mark_LiquidatedShort_BuysFromAsks()
    {
        // short 10 @ 100 with 100: BP = 100 + 100 / 10 = 110; at 106 equity 40 < MM 53; asks 107 x 10 → 100 − 70 = 30
        var b = new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Book])
            .Market("M", 1m, 1m, "0.1", "0.05")
            .Deposit("short", "100")
            .Trade("M", "market", "short", 100m, 10m)
            .Book("M", [(99m, 10m)], [(107m, 10m)])
            .Mark("M", 106m);
        var liquidated = Assert.Single(b.LastOf<Liquidated>());
        Assert.Equal(new Price(110), liquidated.BankruptcyPrice);
        var fill = Assert.Single(b.LastOf<ClosedOut>());
        Assert.Equal((CloseOutVia.Book, 10L, 107L), (fill.Via, fill.Quantity.Lots, fill.Price.Ticks));
        Assert.Equal(Money.FromUnits(30), b.Balance("short"));
        Assert.Single(b.MarketState("M").Bids);                         // bids untouched
        Assert.Empty(b.MarketState("M").Asks);
    }

    [Fact]
    public void Mark_NoRungTakesIt_FundTakesPositionAtMark()
    {
        var b = LongOf10At100([]).Mark("M", 94m);
        var fill = Assert.Single(b.LastOf<ClosedOut>());
        Assert.Equal((EngineBuilder.Id("long"), AccountId.Insurance, CloseOutVia.Fund, new Quantity(10), new Price(94)),
            (fill.Account, fill.Counterparty, fill.Via, fill.Quantity, fill.Price));
        Assert.Equal(Money.FromUnits(40), b.Balance("long"));           // 100 + 10 x (94 − 100)
        Assert.Equal(new Quantity(10), b.Position("insurance", "M"));
        Assert.Equal(Money.FromUnits(940), b.Account("insurance").PositionIn(EngineBuilder.M("M"))!.Cost);
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_BackstopsWithSpareCapacity_TakeProRataToCapacityAtBankruptcyPrice()
    {
        // Backstops buy at BP 90 with mark 94. Taking n lots: equity D + n x (94 − 90) must be ≥ IM 10% x 94 x n,
        // i.e. n ≤ D / 5.4. "big" (D 1000) could take 185 but is capped at the 10 to place; "small" (D 27) takes
        // at most 5. Capacities 10 and 5 exceed the 10 lots: largest remainder of 10 x (10, 5) / 15 = (6.67, 3.33)
        // → 7 and 3 (FTX: "pro rata to remaining capacity", https://help.ftx.com/hc/en-us/articles/360027668712).
        var b = LongOf10At100([CloseOutStage.Backstop])
            .Deposit("big", "1000")
            .Deposit("small", "27")
            .Backstop("big")
            .Backstop("small")
            .Mark("M", 94m);
        Assert.Equal([("big", 7L, 90L), ("small", 3L, 90L)],
            b.LastOf<ClosedOut>().Select(c => (c.Counterparty.Value, c.Quantity.Lots, c.Price.Ticks)));
        Assert.All(b.LastOf<ClosedOut>(), c => Assert.Equal(CloseOutVia.Backstop, c.Via));
        Assert.Equal(Money.Zero, b.Balance("long"));                    // all closed at BP
        Assert.Equal(new Quantity(3), b.Position("small", "M"));
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_BackstopCapacityShort_TakesWithinMarginAndFundTakesTheRest()
    {
        // only "small" (capacity 5, see above): 5 @ 90 by the backstop, 5 @ 94 by the fund;
        // long: 100 + 5 x (90 − 100) + 5 x (94 − 100) = 20. The backstop ends exactly at IM: 27 + 5 x 4 = 47 = 10% x 470.
        var b = LongOf10At100([CloseOutStage.Backstop])
            .Deposit("small", "27")
            .Backstop("small")
            .Mark("M", 94m);
        Assert.Equal([(CloseOutVia.Backstop, "small", 5L, 90L), (CloseOutVia.Fund, "insurance", 5L, 94L)],
            b.LastOf<ClosedOut>().Select(c => (c.Via, c.Counterparty.Value, c.Quantity.Lots, c.Price.Ticks)));
        Assert.Equal(Money.FromUnits(20), b.Balance("long"));
        Assert.Equal(Risk.InitialMargin(b.Ledger, b.Account("small")), b.Equity("small"));
    }

    [Fact]
    public void Mark_BackstopsBelowInitialMarginAtDeepDiscount_TakeNothing()
    {
        // Ladder book → backstop (at bankruptcy price). "long" buys 100 at 100 with 1,000; three backstops v1–v3 each
        // buy 100 at 100 with 1,772. A stale bid of 50 @ 100 is left in the book. Mark 91:
        //   long: equity 1,000 − 900 = 100 < MM 455 → liquidated; sells 50 @ 100 into the bid (realizes 0), the other
        //   50 (cost 5,000) have BP = (5,000 − 1,000) / 50 = 80.
        //   each backstop: equity 1,772 − 900 = 872 ≥ MM 455 but < IM 910. Taking n lots at 80 with mark 91:
        //   equity 872 + 11 n, IM 9.1 x (100 + n) → it fits only when 1.9 n ≥ 38, i.e. n ≥ 20: "fits" is not
        //   monotone in n, and a pro-rata split (17, 17, 16) would leave each below its initial margin.
        // Rule: a backstop already below its initial margin takes nothing; the fund takes the 50 at the mark.
        var b = new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Book, CloseOutStage.Backstop])
            .Market("M", 1m, 1m, "0.1", "0.05")
            .Deposit("long", "1000")
            .Trade("M", "long", "market", 100m, 100m);
        foreach (var v in new[] { "v1", "v2", "v3" })
            b.Deposit(v, "1772").Trade("M", v, "market", 100m, 100m).Backstop(v);
        b.Book("M", [(100m, 50m)], []).Mark("M", 91m);

        var fills = b.LastOf<ClosedOut>().ToList();
        Assert.DoesNotContain(fills, f => f.Via == CloseOutVia.Backstop);
        var fund = Assert.Single(fills, f => f.Via == CloseOutVia.Fund);
        Assert.Equal((50L, 91L), (fund.Quantity.Lots, fund.Price.Ticks));
    }

    [Fact]
    public void Mark_BackstopPriceMark_TakesAtMark()
    {
        // at the mark the backstop gains nothing on entry: n ≤ 100 / 9.4 → 10 lots fit for D = 100
        var b = LongOf10At100([CloseOutStage.Backstop], backstopPrice: ClosePrice.Mark)
            .Deposit("vault", "100")
            .Backstop("vault")
            .Mark("M", 94m);
        var fill = Assert.Single(b.LastOf<ClosedOut>());
        Assert.Equal((CloseOutVia.Backstop, 10L, 94L), (fill.Via, fill.Quantity.Lots, fill.Price.Ticks));
        Assert.Equal(Money.FromUnits(40), b.Balance("long"));
    }

    [Fact]
    public void Mark_DisabledBackstop_TakesNothing()
    {
        var b = LongOf10At100([CloseOutStage.Backstop])
            .Deposit("vault", "1000")
            .Backstop("vault")
            .Backstop("vault", enabled: false)
            .Mark("M", 94m);
        Assert.Equal(CloseOutVia.Fund, Assert.Single(b.LastOf<ClosedOut>()).Via);
    }

    [Fact]
    public void Mark_CrossMarginAccount_ClosesEveryPositionThenPaysBadDebtOnce()
    {
        // Two markets, the account long 10 of each at 100 with 200 (IM 100 + 100). A falls to 80 while B stays:
        // equity 200 − 200 = 0 < MM 40 + 50 = 90. Both positions go to the fund at mark (no rungs):
        // 200 + 10 x (80 − 100) + 10 x (100 − 100) = 0 → no bad debt.
        var b = new EngineBuilder()
            .Configure(closeOut: [])
            .Market("A", 1m, 1m, "0.1", "0.05")
            .Market("B", 1m, 1m, "0.1", "0.05")
            .Deposit("x", "200")
            .Trade("A", "x", "market", 100m, 10m)
            .Trade("B", "x", "market", 100m, 10m)
            .Mark("A", 80m);
        Assert.Equal(["A", "B"], b.LastOf<Liquidated>().Select(l => l.Market.Value));
        Assert.Equal(Money.Zero, b.Balance("x"));
        Assert.False(b.Account("x").HasPositions);
        Assert.Empty(b.LastOf<BadDebt>());
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_SeveralAccountsUnderwater_LiquidatedInAccountIdOrder()
    {
        var b = new EngineBuilder()
            .Configure(closeOut: [])
            .Market("M", 1m, 1m, "0.1", "0.05");
        foreach (var id in new[] { "zed", "Bob", "amy" })
            b.Deposit(id, "100").Trade("M", id, "market", 100m, 10m);
        b.Mark("M", 90m);
        Assert.Equal(["Bob", "amy", "zed"], b.LastOf<Liquidated>().Select(l => l.Account.Value));
    }
}
