using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

/// <summary>The Paradex-style withdrawal haircut while a deficit exists (<c>withdrawalHaircut: true</c>).</summary>
public sealed class ClearingEngineWithdrawalHaircutTest
{
    /// <summary>
    /// Paradex's example (https://docs.paradex.trade/risk/socialized-losses, quoted in
    /// /work/shared/research/venues-ccps-papers.md §2.9): insurance fund 1,000; Alice, Bob and Charlie 1,000 each;
    /// Alice long 50 @ 100 against Bob; mark 40 → Alice at −2,000, exchange bankruptcy 1,000.
    /// Here: no close-out rungs (the fund takes Alice's position at mark, as Paradex's "IF takes over Alice"),
    /// waterfall insurance only. Market tick 1, lot 1, IM 10%, MM 5%.
    /// </summary>
    private static EngineBuilder Paradex() =>
        new EngineBuilder()
            .Configure(closeOut: [], waterfall: [WaterfallStageKind.Insurance], withdrawalHaircut: true)
            .Market("P", 1m, 1m, "0.1", "0.05")
            .TopUp("1000")
            .Deposit("alice", "1000")
            .Deposit("bob", "1000")
            .Deposit("charlie", "1000")
            .Trade("P", "alice", "bob", 100m, 50m)
            .Mark("P", 40m);

    [Fact]
    public void Mark_ParadexExample_AliceBadDebt2000FundPays1000Deficit1000()
    {
        var b = Paradex();
        // Alice: 1,000 + 50 x (40 − 100) = −2,000; the fund pays its 1,000, the rest is the deficit
        // (Paradex: EBA = max(0, 2,000 − 1,000) = 1,000).
        Assert.Equal(Money.FromUnits(2000), Assert.Single(b.LastOf<BadDebt>()).Amount);
        Assert.Equal(Money.FromUnits(1000), b.Ledger.Deficit);
        Assert.Equal(Money.Zero, b.Ledger.Insurance.Balance);
    }

    [Fact]
    public void Withdraw_ParadexExample_CharlieGets375AndFund125()
    {
        // Paradex: "factor 25%" = EBA 1,000 / total USDC 4,000 (three users and the fund, 1,000 each);
        // "Charlie withdraws 500 → IF gets 125, Charlie 375". The engine's total is the net deposits
        // (3 x 1,000 deposits + the 1,000 top-up = 4,000), so 500 x 1,000 / 4,000 = 125.
        var b = Paradex();
        Assert.Equal(Money.FromUnits(4000), b.Ledger.NetDeposits);
        b.Withdraw("charlie", "500");
        var w = Assert.Single(b.LastOf<Withdrawn>());
        Assert.Equal((Money.FromUnits(500), Money.FromUnits(125)), (w.Amount, w.Haircut));
        var fund = Assert.Single(b.LastOf<InsuranceFundChanged>());
        Assert.Equal((Money.FromUnits(125), FundReason.WithdrawalHaircut, EngineBuilder.Id("charlie")), (fund.Change, fund.Reason, fund.Account));
        Assert.Equal(Money.FromUnits(500), b.Balance("charlie"));       // the whole 500 left the account: 375 paid out, 125 to the fund
        Assert.Equal(Money.FromUnits(125), b.Ledger.Insurance.Balance);
        Assert.Equal(Money.FromUnits(3625), b.Ledger.NetDeposits);      // 4,000 − 375 paid out
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Withdraw_WinnerWithUnrealizedProfit_OnlyFreeCollateralAndSameFactor()
    {
        // bob is short 50 from 100 at mark 40: balance 1,000, equity 4,000, IM 10% x 2,000 = 200 → free 800
        // (unrealized profit is not withdrawable); 800 pays 800 x 1,000 / 4,000 = 200 to the fund.
        var b = Paradex();
        Assert.Equal(Money.FromUnits(800), Risk.FreeCollateral(b.Ledger, b.Account("bob")));
        Assert.IsType<Rejected>(Assert.Single(b.Run(new WithdrawCommand(EngineBuilder.Id("bob"), Money.Parse("800.000001")))));
        b.Withdraw("bob", "800");
        Assert.Equal(Money.FromUnits(200), Assert.Single(b.LastOf<Withdrawn>()).Haircut);
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Withdraw_HaircutDisabledOrNoDeficit_NoHaircut()
    {
        var b = new EngineBuilder()
            .Configure(withdrawalHaircut: true)
            .Deposit("a", "100")
            .Withdraw("a", "40");
        Assert.Equal(Money.Zero, Assert.Single(b.LastOf<Withdrawn>()).Haircut);
        Assert.Equal(Money.FromUnits(60), b.Balance("a"));
        Assert.Equal(Money.FromUnits(60), b.Ledger.NetDeposits);
    }
}
