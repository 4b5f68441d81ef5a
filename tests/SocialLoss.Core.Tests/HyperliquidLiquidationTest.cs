using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>
/// Hyperliquid's liquidation as documented (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations and
/// .../auto-deleveraging): ADL at the previous mark, backstop by transfer of the whole account below 2/3 of maintenance.
/// </summary>
public class HyperliquidLiquidationTest
{
    private static readonly Rate TwoThirds = Rate.Parse("0.666666667");

    /// <summary>
    /// A long of 20 (100 at 100) survives mark 99 (equity 80 ≥ maintenance 49.5) and is liquidated at 90 (equity −100).
    /// ADL at the previous mark closes it against x at 99, not 90: the long realizes −20 and keeps 80; x, short from 100,
    /// keeps 20 of profit instead of 200 at the mark — the winner pays the last mark step.
    /// </summary>
    [Fact]
    public void Adl_AtPreviousMark_FillsAtTheMarkBeforeTheLiquidatingOne()
    {
        var s = new Scenario().Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlRanking = AdlRankingKind.Size, AdlPrice = ClosePrice.PreviousMark })
            .Market("P", "1", "1", "0.05", "0.025").Deposit("long", "100").Deposit("x", "1000")
            .Trade("P", "long", "x", "100", "20");
        Assert.Empty(s.Mark("P", "99").OfType<Liquidated>());
        var d = Assert.Single(s.Mark("P", "90").OfType<Deleveraged>());
        Assert.Equal(("x", 20L, 99L), (d.Account.Value, d.Quantity.Lots, d.Price.Ticks));
        Assert.Equal(Money.Parse("80"), s.Account("long").Balance);
        Assert.Equal(Money.Parse("1020"), s.Account("x").Balance);
    }

    private static Scenario Vault(params CloseOutStage[] closeout)
    {
        var s = new Scenario().Config(EngineConfig.Default with { CloseOut = closeout, BackstopTransferBelow = TwoThirds })
            .Market("P", "0.5", "1", "0.05", "0.025").Deposit("long", "100").Deposit("x", "1000").Deposit("hlp", "10000");
        s.Run(new Commands.BackstopCommand(new AccountId("hlp"), true));
        return s.Trade("P", "long", "x", "100", "20");
    }

    /// <summary>
    /// At mark 96.5 the long has equity 30 against maintenance 48.25, below 2/3 of it (32.17), and no book: the vault
    /// takes the whole position at the bankruptcy price 95, where the account is at zero — it holds 20 long and gains
    /// exactly the 30 of equity the account had (20 x (96.5 − 95)); the account keeps nothing.
    /// </summary>
    [Fact]
    public void Transfer_EquityBelowTwoThirdsOfMaintenance_VaultTakesTheAccount()
    {
        var s = Vault(CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl);
        var events = s.Mark("P", "96.5");
        var t = Assert.Single(events.OfType<ClosedOut>());
        Assert.Equal((CloseOutVia.Backstop, "hlp", 20L, 190L), (t.Via, t.Counterparty.Value, t.Quantity.Lots, t.Price.Ticks)); // 190 ticks of 0.5 = 95
        Assert.Empty(events.OfType<Deleveraged>());
        Assert.Equal(Money.Zero, s.Account("long").Balance);
        Assert.Equal(Money.Parse("10030"), Risk.Equity(s.Ledger, s.Account("hlp")));
    }

    /// <summary>At mark 97 the equity 40 is above 2/3 of maintenance (32.33): no transfer; the ADL rung takes it.</summary>
    [Fact]
    public void Transfer_EquityAboveTwoThirds_NoTransfer()
    {
        var s = Vault(CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl);
        var events = s.Mark("P", "97");
        Assert.Empty(events.OfType<ClosedOut>());
        var d = Assert.Single(events.OfType<Deleveraged>());
        Assert.Equal(("x", 20L), (d.Account.Value, d.Quantity.Lots));
    }

    /// <summary>A negative account value is ADL's case, not the vault's (auto-deleveraging docs): at 90 (equity −100) no transfer.</summary>
    [Fact]
    public void Transfer_NegativeEquity_GoesToAdl()
    {
        var s = Vault(CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl);
        var events = s.Mark("P", "90");
        Assert.Empty(events.OfType<ClosedOut>());
        Assert.Single(events.OfType<Deleveraged>());
    }

    /// <summary>
    /// The book takes 10 at 96.5: equity stays 30 but maintenance halves to 24.125 (2/3: 16.08): the book restored it
    /// above the line, so the vault does not take the rest; the fund takes it at mark.
    /// </summary>
    [Fact]
    public void Transfer_BookRestoredTheAccount_NoTransfer()
    {
        var s = Vault(CloseOutStage.Book, CloseOutStage.Backstop);
        s.Book("P", [("96.5", "10")], []);
        var events = s.Mark("P", "96.5");
        Assert.Equal([CloseOutVia.Book, CloseOutVia.Fund], events.OfType<ClosedOut>().Select(c => c.Via).ToArray());
    }

    private static readonly Timestamp T0 = new(1_760_130_964_000_000); // 2025-10-10T21:16:04Z

    /// <summary>A long of 100 bought at 100 with 500 (5% margin), shorts elsewhere, bids for 100 at 99, Hyperliquid's partial rule at $1,000.</summary>
    private static Scenario Partial()
    {
        var s = new Scenario().Config(EngineConfig.Default with
            {
                CloseOut = [CloseOutStage.Book, CloseOutStage.Adl],
                AdlRanking = AdlRankingKind.Size,
                Partial = new PartialLiquidation(Money.FromUnits(1000), Rate.Parse("0.2"), 30),
            })
            .Market("P", "0.1", "1", "0.05", "0.025").Deposit("long", "500").Deposit("x", "100000")
            .Trade("P", "long", "x", "100", "100");
        s.Book("P", [("99", "100")], []);
        return s;
    }

    private static IReadOnlyList<EngineEvent> MarkAt(Scenario s, string price, Timestamp? time) =>
        s.Run(new Commands.MarkCommand(new MarketId("P"), decimal.Parse(price)) { Time = time });

    /// <summary>
    /// At 97.4 the long (equity 240 &lt; maintenance 243.5, notional 9,740 above 1,000) loses 20% — 20 lots sold to the
    /// book at 99 (balance 480) — and that restores it: equity 480 − 80 x 2.6 = 272 ≥ 0.025 x 80 x 97.4 = 194.8; it keeps
    /// 80. Ten seconds later at 95 (equity 80 &lt; 190) it is within the 30 s cooldown: the whole 80 goes at once.
    /// </summary>
    [Fact]
    public void Partial_FifthToTheBook_ThenWithinTheCooldownTheWholePosition()
    {
        var s = Partial();
        var first = MarkAt(s, "97.4", T0);
        Assert.Equal(20L, Assert.Single(first.OfType<Liquidated>()).Quantity.Lots);
        Assert.Equal((CloseOutVia.Book, 20L, 990L), first.OfType<ClosedOut>().Select(c => (c.Via, c.Quantity.Lots, c.Price.Ticks)).Single());
        Assert.Equal(80L, s.Account("long").QuantityIn(new MarketId("P")).Lots);
        Assert.Empty(first.OfType<BadDebt>());

        var second = MarkAt(s, "95", new Timestamp(T0.UnixMicroseconds + 10 * Timestamp.MicrosPerSecond));
        Assert.Equal([80L], second.OfType<Liquidated>().Select(l => l.Quantity.Lots).ToArray());
        Assert.False(s.Account("long").HasPositions);
        Assert.Equal(Money.Parse("400"), s.Account("long").Balance); // 500 − 20 x 1 − 80 x 1
    }

    /// <summary>
    /// Forty seconds later the cooldown is over: again 20% first (ceil(0.2 x 80) = 16 at 99: equity 464 − 64 x 5 = 144 &lt;
    /// 0.025 x 64 x 95 = 152, still under), then, within the cooldown just started, the other 64.
    /// </summary>
    [Fact]
    public void Partial_AfterTheCooldown_AFifthAgain()
    {
        var s = Partial();
        MarkAt(s, "97.4", T0);
        var later = MarkAt(s, "95", new Timestamp(T0.UnixMicroseconds + 40 * Timestamp.MicrosPerSecond));
        Assert.Equal([16L, 64L], later.OfType<Liquidated>().Select(l => l.Quantity.Lots).ToArray());
    }

    /// <summary>
    /// A snapshot taken between the two marks keeps the running cooldown: the engine restored from it liquidates the
    /// whole 80 at 95 ten seconds later, as the original does (it used to forget the cooldown and sell a fifth again).
    /// </summary>
    [Fact]
    public void Partial_SnapshotWithinTheCooldown_RestoredEngineClosesTheWholePosition()
    {
        var s = Partial();
        MarkAt(s, "97.4", T0);
        var image = s.Ledger.Capture();
        Assert.Equal([(new MarketId("P"), T0)], image.Accounts.Single(a => a.Id.Value == "long").PartialLiquidations);
        var restored = new ClearingEngine(Ledger.FromImage(image));
        var mark = new Commands.MarkCommand(new MarketId("P"), 95m) { Time = new Timestamp(T0.UnixMicroseconds + 10 * Timestamp.MicrosPerSecond) };
        var fromSnapshot = restored.Execute(mark, 99);
        var original = s.Engine.Execute(mark, 99);
        Assert.Equal([80L], fromSnapshot.OfType<Liquidated>().Select(l => l.Quantity.Lots).ToArray());
        Assert.Equal(original, fromSnapshot);
    }

    /// <summary>Without a command time the cooldown cannot be told: the whole position goes, as without the option.</summary>
    [Fact]
    public void Partial_CommandWithoutTime_WholePosition()
    {
        var s = Partial();
        Assert.Equal([100L], MarkAt(s, "97.4", null).OfType<Liquidated>().Select(l => l.Quantity.Lots).ToArray());
    }
}
