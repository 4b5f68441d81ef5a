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
}
