using SocialLoss.Benchmarking;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle.Tests;

/// <summary>
/// Two Core bugs found while extending the oracle to per-wave allocation and budgeted ADL, fixed in Core and in the
/// oracle together; each case here is Core alone, asserting what Core's documentation says (it failed before the fix).
/// </summary>
public class CoreQuirkTests
{
    /// <summary>
    /// Core's per-wave fee cap, on Core alone: <c>a</c> (long 0.1 BTC, short 2 ETH, 600 deposited) is taken under by ETH at
    /// 3285 with 30 of equity left; ADL at the mark. Per bankruptcy the BTC close-out's fee is 25 and the ETH close-out's is
    /// what is left, 5. Per wave both plans cap their fee by the same 30 before either is charged (CloseOutLadder.Begin, and
    /// Finish read the plan's copy), so 25 + 26.28 were charged and 21.28 of the fees became bad debt that the waterfall
    /// paid (winners, under a clawback). Now the fee is capped by what the account has when it is charged: 25 and 5.
    /// </summary>
    [Fact]
    public void A_waves_fees_never_exceed_what_the_account_has()
    {
        var btc = new MarketId("BTC-PERP");
        var eth = new MarketId("ETH-PERP");
        var core = new ClearingEngine();
        var commands = new List<Command>
        {
            new ConfigureCommand(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlPrice = ClosePrice.Mark, Allocation = AllocationScope.PerWave }),
            new ListMarketCommand(btc, 0.1m, 0.001m, Rate.Parse("0.04"), Rate.Parse("0.02"), Rate.Parse("0.005"), []),
            new ListMarketCommand(eth, 0.01m, 0.01m, Rate.Parse("0.05"), Rate.Parse("0.025"), Rate.Parse("0.004"), []),
            new InsuranceCommand(Money.FromUnits(1)),
            new MarkCommand(btc, 50_000m),
            new MarkCommand(eth, 3_000m),
            new DepositCommand(new AccountId("a"), Money.FromUnits(600)),
            new DepositCommand(new AccountId("d"), Money.FromUnits(10_000)),
            new DepositCommand(new AccountId("g"), Money.FromUnits(10_000)),
            new TradeCommand(btc, new AccountId("a"), new AccountId("d"), 50_000m, 0.1m),
            new TradeCommand(eth, new AccountId("g"), new AccountId("a"), 3_000m, 2m),
        };
        int line = 0;
        foreach (var c in commands)
            Assert.DoesNotContain(core.Execute(c, ++line), e => e is Rejected);
        var crash = core.Execute(new MarkCommand(eth, 3_285m), ++line);
        Assert.Equal(2, crash.Count(e => e is Liquidated));
        Assert.DoesNotContain(crash, e => e is BadDebt);
    }

    /// <summary>
    /// Budgeted ADL (arXiv 2602.15182; Core's <c>BudgetedAdl</c>: "the budget ... is its shortfall left after the insurance
    /// fund") sized the budget on the fund's cash balance, while the insurance stage pays at most the fund's equity
    /// (<c>InsuranceStage</c>, <c>FundSolvency</c>). With the fund insolvent (seed 1, line 129: balance 145.788173, equity
    /// −584.875727) each bankruptcy's ADL leaves 145.79 of its shortfall to a fund that pays nothing: 726.937391 of deficit
    /// over the run. Sized on what the fund can pay, min(balance, equity) (<c>FundSolvency.Payable</c>), the winners cover
    /// it and there is no deficit.
    /// </summary>
    [Fact]
    public void Budgeted_adl_counts_only_on_what_the_fund_can_pay()
    {
        var w = CrashWorkload.Generate(new CrashWorkloadOptions(40, 200, 1, Tiered: true, AdlAtMark: false, Clawback: false, AdlRankingKind.Budgeted,
            InsuranceFund: 1, MarksPerFunding: 10));
        var core = new ClearingEngine();
        int line = 0;
        foreach (var c in w.Setup.Concat(w.Fills.Select(WorkloadDriver.Trade)).Concat(w.Crash))
            core.Execute(c, ++line);
        Assert.Equal(Money.Zero, core.Ledger.Deficit);
    }
}
