using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

/// <summary>Auto-deleveraging through the engine: the close-out ladder's <c>adl</c> rung.</summary>
public sealed class ClearingEngineAdlTest
{
    /// <summary>
    /// The population of BitMEX's worked example (https://www.bitmex.com/app/autoDeleveragingExamples):
    /// six longs (account: quantity, score) 1:10,3  2:10,6  3:20,1  4:30,4  5:20,5  6:10,2, and a short of 20.
    /// All longs buy at 500 from the book account <c>market</c>; their BitMEX scores at a mark M are
    /// PnL% x EffLev = ((M − 500)/500) x (Q·M / (D + Q·(M − 500))) (https://www.bitmex.com/app/autoDeleveraging;
    /// for a cross account mark value − bankrupt value is the equity D + uPnL), so with equal PnL% the
    /// queue is by collateral per unit D/Q ascending. D/Q = 30, 40, 50, 60, 70, 80 for accounts 2, 5, 4, 1, 6, 3
    /// gives BitMEX's order. At M = 640: scores = 0.28 x 640 / (D/Q + 140) = 1.0541, 0.9956, 0.9432, 0.896,
    /// 0.8533, 0.8145 (derived).
    /// The short sells 20 at 600 with collateral 1000: BP = 600 + 1000 / 20 = 650.
    /// Market: tick 1, lot 1, IM 5% (every long's D ≥ 5% x 500 x Q = 25 Q; the short's 1000 ≥ 5% x 12,000), MM 2.5%.
    /// </summary>
    internal static EngineBuilder BitmexPopulation()
    {
        var b = new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Adl], ranking: AdlRankingKind.Bitmex, adlPrice: ClosePrice.Bankruptcy)
            .Market("XBT", 1m, 1m, "0.05", "0.025")
            .Mark("XBT", 500m);
        foreach (var (account, quantity, perUnit) in new[] { (1, 10, 60), (2, 10, 30), (3, 20, 80), (4, 30, 50), (5, 20, 40), (6, 10, 70) })
        {
            b.Deposit($"acct{account}", (quantity * perUnit).ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.Trade("XBT", $"acct{account}", "market", 500m, quantity);
        }

        return b.Mark("XBT", 600m)
            .Deposit("short", "1000")
            .Trade("XBT", "market", "short", 600m, 20m);
    }

    [Fact]
    public void Mark_BitmexExampleShortOf20Unfillable_DeleveragesAccount2FullyAnd10OfAccount5At650()
    {
        var b = BitmexPopulation();

        // At 640 the short's equity is 1000 − 20 x 40 = 200, below MM 2.5% x 20 x 640 = 320: liquidated.
        var events = b.Run(new Commands.MarkCommand(EngineBuilder.M("XBT"), 640m));

        var xbt = EngineBuilder.M("XBT");
        var shortId = EngineBuilder.Id("short");
        Assert.Equal(4, events.Count);
        Assert.Equal(new Marked(xbt, new Price(640)), events[0] with { Seq = 0, Cmd = 0 });
        Assert.Equal(new Liquidated(shortId, xbt, new Quantity(-20), new Price(640), new Price(650), Money.Zero,
            Money.FromUnits(200), Money.FromUnits(320)), events[1] with { Seq = 0, Cmd = 0 });
        // BitMEX: "Accounts 2 and 5 will be deleveraged at the bankruptcy price of USD 650. Account 2 will have
        // their entire position of 10 contracts closed, while the remaining 10 contracts ... assigned to account 5."
        Assert.Equal(new Deleveraged(EngineBuilder.Id("acct2"), shortId, xbt, new Quantity(10), new Price(650), 1), events[2] with { Seq = 0, Cmd = 0 });
        Assert.Equal(new Deleveraged(EngineBuilder.Id("acct5"), shortId, xbt, new Quantity(10), new Price(650), 2), events[3] with { Seq = 0, Cmd = 0 });

        // "Account 5 will thus have 10 contracts remaining (from 20)."
        Assert.Equal(new Quantity(10), b.Position("acct5", "XBT"));
        Assert.True(b.Position("acct2", "XBT").IsZero);
        Assert.True(b.Position("short", "XBT").IsZero);
        // Closed at its bankruptcy price the short ends at exactly zero: 1000 + 20 x (600 − 650) = 0.
        Assert.Equal(Money.Zero, b.Balance("short"));
        // Winners realize at 650: acct2 300 + 10 x 150 = 1800; acct5 800 + 10 x 150 = 2300.
        Assert.Equal(Money.FromUnits(1800), b.Balance("acct2"));
        Assert.Equal(Money.FromUnits(2300), b.Balance("acct5"));
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_DydxOffsetExample_FillsAtBankruptcy54999AndDaveEndsWith104999()
    {
        // dYdX v4 TestOffsetSubaccountPerpetualPosition (protocol/x/clob/keeper/deleveraging_test.go, summarized in
        // /work/shared/research/open-source-peers.md §1): Carl short 1 BTC with 54,999 USDC; Dave long 1 BTC with
        // 50,000 USDC; one fill (Dave, 1 BTC) at the bankruptcy price 54,999; Carl ends empty; Dave ends with 104,999.
        //
        // Mapping: a dYdX subaccount's USDC is its quote balance, which already contains the trade's proceeds or
        // cost; in our ledger that is balance − cost. Carl and Dave trade 1 BTC at 50,000:
        //   Carl: balance 4,999, cost −50,000 → quote 4,999 + 50,000 = 54,999;
        //   Dave: balance 100,000, cost +50,000 → quote 100,000 − 50,000 = 50,000.
        // Carl's BP = (cost − balance) / q = (−50,000 − 4,999) / −1 = 54,999. Marking 55,000 makes Carl's equity
        // 4,999 − 5,000 = −1 (dYdX deleverages at negative TNC); with the ladder reduced to ADL at bankruptcy price
        // Dave is the only opposing position, so he is closed at 54,999 like the dYdX fill.
        // Dave's final balance = 100,000 + (54,999 − 50,000) = 104,999; flat, so it equals his dYdX USDC.
        var b = new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Adl], adlPrice: ClosePrice.Bankruptcy)
            .Market("BTC-USD", 1m, 1m, "0.05", "0.03")
            .Deposit("carl", "4999")
            .Deposit("dave", "100000")
            .Trade("BTC-USD", "dave", "carl", 50_000m, 1m);

        b.Mark("BTC-USD", 55_000m);

        var liquidated = Assert.Single(b.LastOf<Liquidated>());
        Assert.Equal(new Price(54_999), liquidated.BankruptcyPrice);
        Assert.Equal(Money.FromUnits(-1), liquidated.Equity);
        var fill = Assert.Single(b.LastOf<Deleveraged>());
        Assert.Equal((EngineBuilder.Id("dave"), EngineBuilder.Id("carl"), new Quantity(1), new Price(54_999), 1),
            (fill.Account, fill.Counterparty, fill.Quantity, fill.Price, fill.Rank));
        Assert.Empty(b.LastOf<BadDebt>());
        Assert.Equal(Money.Zero, b.Balance("carl"));
        Assert.False(b.Account("carl").HasPositions);
        Assert.Equal(Money.FromUnits(104_999), b.Balance("dave"));
        Assert.False(b.Account("dave").HasPositions);
    }

    /// <summary>
    /// A long of 10 bought at 100 with 100 of collateral from a short with 1000; tick 1, lot 1, IM 10%, MM 5%.
    /// BP = (1000 − 100) / 10 = 90. At mark 94 equity 100 − 60 = 40 &lt; MM 5% x 940 = 47: liquidated.
    /// </summary>
    private static EngineBuilder LongAgainstShort(ClosePrice adlPrice) =>
        new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Adl], adlPrice: adlPrice)
            .Market("M", 1m, 1m, "0.1", "0.05")
            .Deposit("long", "100")
            .Deposit("short", "1000")
            .Trade("M", "long", "short", 100m, 10m);

    [Fact]
    public void Mark_AdlAtBankruptcyPrice_ClosesAt90AndLeavesLoserAtZero()
    {
        var b = LongAgainstShort(ClosePrice.Bankruptcy).Mark("M", 94m);
        var fill = Assert.Single(b.LastOf<Deleveraged>());
        Assert.Equal((EngineBuilder.Id("short"), new Quantity(10), new Price(90), 1), (fill.Account, fill.Quantity, fill.Price, fill.Rank));
        Assert.Equal(Money.Zero, b.Balance("long"));                   // 100 + 10 x (90 − 100)
        Assert.Equal(Money.FromUnits(1100), b.Balance("short"));       // 1000 + 10 x (100 − 90)
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_AdlAtMarkPrice_ClosesAt94AndLoserKeepsItsEquity()
    {
        var b = LongAgainstShort(ClosePrice.Mark).Mark("M", 94m);
        var fill = Assert.Single(b.LastOf<Deleveraged>());
        Assert.Equal((EngineBuilder.Id("short"), new Quantity(10), new Price(94)), (fill.Account, fill.Quantity, fill.Price));
        Assert.Equal(Money.FromUnits(40), b.Balance("long"));          // 100 + 10 x (94 − 100)
        Assert.Equal(Money.FromUnits(1060), b.Balance("short"));       // 1000 + 10 x (100 − 94)
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_AdlShortOfOpposingSize_FundTakesTheRestAtMark()
    {
        // The long buys 4 from "short" and 6 from the book account, which ADL never touches (not margined).
        var b = new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Adl])
            .Market("M", 1m, 1m, "0.1", "0.05")
            .Deposit("long", "100")
            .Deposit("short", "1000")
            .Trade("M", "long", "short", 100m, 4m)
            .Trade("M", "long", "market", 100m, 6m)
            .Mark("M", 94m);

        var adl = Assert.Single(b.LastOf<Deleveraged>());
        Assert.Equal((new Quantity(4), new Price(90)), (adl.Quantity, adl.Price));
        var fund = Assert.Single(b.LastOf<ClosedOut>());
        Assert.Equal((CloseOutVia.Fund, EngineBuilder.Id("insurance"), new Quantity(6), new Price(94)),
            (fund.Via, fund.Counterparty, fund.Quantity, fund.Price));
        // 100 + 4 x (90 − 100) + 6 x (94 − 100) = 24
        Assert.Equal(Money.FromUnits(24), b.Balance("long"));
        Assert.Equal(new Quantity(6), b.Position("insurance", "M"));
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Mark_BackstopThatIsAlsoOpposingPosition_IsNotDeleveragedForLotsItAlreadyTook()
    {
        // Ladder backstop → ADL. The vault is a backstop and also holds 5 of the 10 lots short against the long.
        // Markets A and B: tick 1, lot 1, IM 10%, MM 5%.
        //   long:  100 collateral, buys 5 A from vault and 5 A from short at 100 → BP = (1000 − 100) / 10 = 90.
        //   vault: 1,100 collateral, short 5 A, long 100 B at 100 (IM 50 + 1,000 ≤ 1,100).
        //   short: 1,000 collateral, short 5 A.
        // Mark B 95: vault equity 1,100 − 500 = 600 ≥ MM 25 + 475 = 500, not liquidated.
        // Mark A 91: long equity 100 − 90 = 10 < MM 45.5 → liquidated.
        //   Backstop stage at BP 90: the vault can take 5 (it only reduces its short); a 6th lot would flip it to
        //   long 1 with equity 1,100 − 500 + 91 − 40 = 651 < IM 950 + 9.1 → capacity 5.
        //   ADL stage for the other 5 at BP 90: the shorts are vault (BitMEX score 0.09 x 455/645) and short
        //   (0.09 x 455/1,045): the vault ranks first — but its short was already closed by the backstop fill
        //   planned just before. Expected: the 5 remaining lots are deleveraged against "short".
        var b = new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Backstop, CloseOutStage.Adl])
            .Market("A", 1m, 1m, "0.1", "0.05")
            .Market("B", 1m, 1m, "0.1", "0.05")
            .Deposit("long", "100")
            .Deposit("vault", "1100")
            .Deposit("short", "1000")
            .Backstop("vault")
            .Trade("A", "long", "vault", 100m, 5m)
            .Trade("A", "long", "short", 100m, 5m)
            .Trade("B", "vault", "market", 100m, 100m)
            .Mark("B", 95m);
        Assert.Empty(b.LastOf<Liquidated>());

        var snapshot = Canonical.State(b.Ledger);
        IReadOnlyList<EngineEvent> events;
        try
        {
            events = b.Run(new Commands.MarkCommand(EngineBuilder.M("A"), 91m));
        }
        catch (InvalidOperationException e)
        {
            // The regression (fixed in 43495ca): the planned Deleveraged(vault, 5) no longer fit the vault's (by
            // then flat) position and Ledger.Apply threw half-way through the command, after Liquidated and
            // ClosedOut were already applied.
            Assert.Fail($"the engine threw half-way through the mark ({e.Message}); state changed: {snapshot != Canonical.State(b.Ledger)}");
            return;
        }

        var backstop = Assert.Single(events.OfType<ClosedOut>());
        Assert.Equal((EngineBuilder.Id("vault"), CloseOutVia.Backstop, new Quantity(5), new Price(90)),
            (backstop.Counterparty, backstop.Via, backstop.Quantity, backstop.Price));
        var adl = Assert.Single(events.OfType<Deleveraged>());
        Assert.Equal((EngineBuilder.Id("short"), new Quantity(5), new Price(90)), (adl.Account, adl.Quantity, adl.Price));
        Assert.Null(Invariants.Check(b.Ledger));
    }
}
