using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

/// <summary>
/// <c>funding: "index"</c>: one <c>fundingIndex</c> event per funding, accruals counted in the balance (rounded against the
/// account) and settled when the position changes, the rounding kept by the market.
/// </summary>
public sealed class FundingIndexTest
{
    private static EngineConfig IndexPolicy(CloseOutStage[]? closeOut = null) =>
        EngineBuilder.Config(closeOut) with { Funding = FundingMode.Index };

    /// <summary>Tick 0.01, lot 1, mark 33.33; longs a (1) and b (2), shorts c (1) and d (2), as in the per-account test.</summary>
    private static EngineBuilder FourAccounts(FundingMode funding)
    {
        var b = new EngineBuilder().Configure(EngineBuilder.Config() with { Funding = funding }).Market("F", 0.01m, 1m, "0.1", "0.05");
        foreach (var id in new[] { "a", "b", "c", "d" })
            b.Deposit(id, "1000");
        return b.Trade("F", "a", "c", 33.33m, 1m).Trade("F", "b", "d", 33.33m, 2m);
    }

    [Fact]
    public void Funding_ByIndex_OneEvent_BalancesAccrueRoundedAgainstTheAccount_RoundingKeptByTheMarket()
    {
        var b = FourAccounts(FundingMode.Index);
        var events = b.Run(new FundingCommand(EngineBuilder.M("F"), Rate.Parse("0.00001")));

        // per lot: 10,000 ppb x 3,333 ticks x 10,000 micro-units per lot-tick = 333,300,000,000 10⁻⁹ micro-units = 333.3 micro-units
        var e = Assert.IsType<FundingIndexed>(Assert.Single(events));
        Assert.Equal((Int128)333_300_000_000, e.PerLot);
        Assert.Equal((Int128)333_300_000_000, e.Index);
        // payers pay the ceiling: a 333.3 → 334, b 666.6 → 667; receivers get the floor: c 333.3 → 333, d 666.6 → 666
        Assert.Equal(Units("999.999666"), b.Balance("a"));
        Assert.Equal(Units("999.999333"), b.Balance("b"));
        Assert.Equal(Units("1000.000333"), b.Balance("c"));
        Assert.Equal(Units("1000.000666"), b.Balance("d"));
        // the 2 micro-units the rounding kept (0.7 + 0.4 + 0.3 + 0.6) are counted with the market: conservation holds
        Assert.Equal((Int128)2_000_000_000, b.Ledger.FundingRounding());
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Funding_ByIndex_SettlesWhenThePositionChanges_BalanceAsReadDoesNotMove()
    {
        var b = FourAccounts(FundingMode.Index).Funding("F", "0.00001");
        // a sells its 1 lot back to c at the entry price: both settle (a −334, c +333); b and d still accrue
        b.Trade("F", "c", "a", 33.33m, 1m);
        Assert.Equal(Units("999.999666"), b.Balance("a"));
        Assert.Equal(Units("1000.000333"), b.Balance("c"));
        Assert.Equal((Int128)1_000_000_000, b.MarketState("F").FundingRemainder); // a's 0.7 and c's 0.3, settled
        Assert.Equal((Int128)2_000_000_000, b.Ledger.FundingRounding());          // plus b's 0.4 and d's 0.6, not yet
        // a second funding does not reach the flat accounts
        b.Funding("F", "0.00001");
        Assert.Equal(Units("999.999666"), b.Balance("a"));
        Assert.Equal(Units("999.998666"), b.Balance("b")); // 2 x 666.6 = 1,333.2 → 1,334 in all, rounded once
        Assert.Null(Invariants.Check(b.Ledger));
    }

    /// <summary>
    /// When every amount is a whole micro-unit (rate 0.0001 at mark 100, tick 1, lot 1: 0.01 a lot), the two modes pay
    /// exactly the same, so once everyone has closed (settled) every balance is the same in both.
    /// </summary>
    [Fact]
    public void Funding_AmountsDivideExactly_PerAccountAndIndexGiveTheSameBalancesOnceSettled()
    {
        Dictionary<string, Money> Run(FundingMode funding)
        {
            var b = new EngineBuilder().Configure(EngineBuilder.Config() with { Funding = funding }).Market("F", 1m, 1m, "0.1", "0.05");
            foreach (var id in new[] { "a", "b", "c", "d" })
                b.Deposit(id, "1000");
            b.Trade("F", "a", "c", 100m, 1m).Trade("F", "b", "d", 100m, 2m)
                .Funding("F", "0.0001").Funding("F", "0.0003").Funding("F", "-0.0002")
                .Trade("F", "a", "d", 100m, 1m) // a 2 long, d 3 short: both settle at their old sizes first
                .Funding("F", "0.0001")
                .Trade("F", "c", "a", 100m, 2m) // a flat, c 1 long
                .Trade("F", "d", "b", 100m, 2m).Trade("F", "d", "c", 100m, 1m); // everyone flat
            Assert.Null(Invariants.Check(b.Ledger));
            Assert.All(b.Ledger.Accounts.Values, a => Assert.False(a.HasPositions));
            Assert.Equal((Int128)0, b.Ledger.FundingRounding());
            return b.Ledger.Accounts.Values.ToDictionary(a => a.Id.Value, a => a.Balance);
        }

        var perAccount = Run(FundingMode.PerAccount);
        var index = Run(FundingMode.Index);
        Assert.Equal(perAccount, index);
        Assert.NotEqual(Units("1000"), perAccount["a"]); // the fundings moved money
    }

    [Fact]
    public void Funding_ByIndex_PushesAnAccountUnderMaintenance_LiquidatedInTheSameCommandAsPerAccount()
    {
        // x: 10 long at 100 with 100 (at IM). A 5% funding owes 50 → equity 50 ≥ MM 50: fine; a second → 0 < 50: liquidated,
        // as under the per-account funding (ClearingEngineFundingTest), the accrual counted though not settled.
        var b = new EngineBuilder()
            .Configure(IndexPolicy(closeOut: []))
            .Market("F", 1m, 1m, "0.1", "0.05")
            .Deposit("x", "100")
            .Trade("F", "x", "market", 100m, 10m)
            .Funding("F", "0.05");
        Assert.Empty(b.LastOf<Liquidated>());
        Assert.Equal(Units("50"), b.Balance("x"));
        b.Funding("F", "0.05");
        var l = Assert.Single(b.LastOf<Liquidated>());
        Assert.Equal(Money.Zero, l.Equity);
        Assert.False(b.Account("x").HasPositions);
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Funding_ByIndex_AnAccountInTwoMarketsIsCheckedToo()
    {
        // y holds 10 long F and 1 long G (cross margin across markets: filed as a candidate of both, not on a side)
        var b = new EngineBuilder()
            .Configure(IndexPolicy(closeOut: []))
            .Market("F", 1m, 1m, "0.1", "0.05")
            .Market("G", 1m, 1m, "0.1", "0.05")
            .Deposit("y", "110")
            .Trade("F", "y", "market", 100m, 10m)
            .Trade("G", "y", "market", 100m, 1m)
            .Funding("F", "0.05");
        Assert.Empty(b.LastOf<Liquidated>());
        b.Funding("F", "0.05"); // equity 110 − 100 = 10 < MM 55
        Assert.Equal(2, b.LastOf<Liquidated>().Count);
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Funding_ByIndex_ALedgerFedTheEventsOrRestoredFromAnImageIsTheSame()
    {
        var b = FourAccounts(FundingMode.Index).Funding("F", "0.00001").Trade("F", "c", "a", 33.33m, 1m).Funding("F", "-0.00003");
        var rebuilt = new Ledger();
        foreach (var e in b.Events)
            rebuilt.Apply(e);
        Assert.Equal(Canonical.State(b.Ledger), Canonical.State(rebuilt));
        var restored = Ledger.FromImage(b.Ledger.Capture());
        Assert.Equal(Canonical.State(b.Ledger), Canonical.State(restored));
        // and it goes on the same: the next settlement rounds from the same snapshot
        var engine = new ClearingEngine(restored);
        engine.Execute(new TradeCommand(EngineBuilder.M("F"), EngineBuilder.Id("d"), EngineBuilder.Id("b"), 33.33m, 1m), 100);
        b.Trade("F", "d", "b", 33.33m, 1m);
        Assert.Equal(b.Balance("b"), restored.Account(EngineBuilder.Id("b"))!.Balance);
        Assert.Equal(b.MarketState("F").FundingRemainder, restored.Market(EngineBuilder.M("F"))!.FundingRemainder);
    }

    private static Money Units(string amount) => Money.Parse(amount);
}
