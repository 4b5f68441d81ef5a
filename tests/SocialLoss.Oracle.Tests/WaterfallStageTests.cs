using CsCheck;
using SocialLoss.Benchmarking;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle.Tests;

/// <summary>
/// The waterfall stages after insurance and clawback (<c>open-interest</c>, <c>deposit-index</c>) and the options around
/// them (<c>closeoutSurplus: "fund"</c>, <c>withdrawalHaircut</c>), on seeded crashes through Core and the oracle: every
/// event and the state hash agree, and the stage or option under test actually acts. The close-out is book, backstops,
/// then ADL at the mark, so the crash leaves bad debt without the fund taking positions over.
/// </summary>
public class WaterfallStageTests
{
    internal static EngineConfig Policy(WaterfallStageKind[] waterfall, bool haircut = false, SurplusRecipient surplus = SurplusRecipient.Trader,
        ClosePrice adlPrice = ClosePrice.Mark) =>
        EngineConfig.Default with
        {
            CloseOut = [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl],
            AdlPrice = adlPrice,
            BackstopPrice = ClosePrice.Mark,
            Waterfall = waterfall,
            WithdrawalHaircut = haircut,
            CloseoutSurplus = surplus,
        };

    internal static SideBySide Crash(EngineConfig config, int seed, int accounts, long? fund, bool tiered = true, FundingMode funding = FundingMode.PerAccount,
        int marksPerFunding = 20)
    {
        var w = CrashWorkload.Generate(new CrashWorkloadOptions(accounts, 300, seed, tiered, InsuranceFund: fund, MarksPerFunding: marksPerFunding,
            Config: config with { Funding = funding }));
        var sides = SideBySide.Run(w);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        Assert.Null(Invariants.Check(sides.Core.Ledger));
        return sides;
    }

    /// <summary>Events of a kind, counted in the oracle's log (the same as Core's, event for event).</summary>
    private static int Count(SideBySide sides, Func<EngineEvent, bool> which) => sides.Oracle.Log.Count(which);

    [Theory]
    [InlineData(WaterfallStageKind.OpenInterest)]
    [InlineData(WaterfallStageKind.DepositIndex)]
    public void A_stage_after_a_small_fund_pays_the_bad_debt(WaterfallStageKind stage)
    {
        int charged = 0;
        foreach (var (seed, accounts) in new[] { (3, 120), (11, 200), (29, 80), (41, 150) })
        {
            var sides = Crash(Policy([WaterfallStageKind.Insurance, stage]), seed, accounts, fund: 1, tiered: seed % 2 == 1);
            charged += Count(sides, e => e is ClawedBack c && c.Stage == stage);
        }

        Assert.True(charged > 0, $"the {stage} stage charges someone");
    }

    [Theory]
    [InlineData(WaterfallStageKind.OpenInterest)]
    [InlineData(WaterfallStageKind.DepositIndex)]
    public void A_stage_alone_or_before_the_clawback_agrees(WaterfallStageKind stage)
    {
        int charged = 0;
        foreach (var (seed, waterfall) in new[] { (5, new[] { stage }), (17, new[] { stage, WaterfallStageKind.Clawback }),
                     (23, new[] { WaterfallStageKind.Clawback, stage, WaterfallStageKind.Insurance }) })
        {
            var sides = Crash(Policy(waterfall), seed, 120, fund: null);
            charged += Count(sides, e => e is ClawedBack c && c.Stage == stage);
        }

        Assert.True(charged > 0, $"the {stage} stage charges someone");
    }

    [Fact]
    public void The_stages_agree_under_the_funding_index()
    {
        foreach (var stage in new[] { WaterfallStageKind.OpenInterest, WaterfallStageKind.DepositIndex })
        {
            var sides = Crash(Policy([WaterfallStageKind.Insurance, stage]), 13, 100, fund: 1, funding: FundingMode.Index, marksPerFunding: 3);
            Assert.True(sides.IndexFundings > 0, "the path funds");
            Assert.True(Count(sides, e => e is ClawedBack c && c.Stage == stage) > 0, $"the {stage} stage charges someone");
        }
    }

    [Fact]
    public void The_closeout_surplus_goes_to_the_fund()
    {
        int surpluses = 0;
        foreach (var seed in new[] { 3, 11, 29 })
        {
            var sides = Crash(Policy([WaterfallStageKind.Insurance, WaterfallStageKind.Clawback], surplus: SurplusRecipient.Fund, adlPrice: ClosePrice.Bankruptcy),
                seed, 120, fund: 40);
            surpluses += Count(sides, e => e is InsuranceFundChanged { Reason: FundReason.CloseoutSurplus });
        }

        Assert.True(surpluses > 0, "a liquidation leaves a surplus");
    }

    [Fact]
    public void Withdrawals_pay_the_haircut_while_there_is_a_deficit()
    {
        int haircuts = 0;
        foreach (var seed in new[] { 3, 11, 29, 41 })
        {
            var sides = Crash(Policy([WaterfallStageKind.Insurance], haircut: true), seed, 120, fund: 1);
            haircuts += Count(sides, e => e is InsuranceFundChanged { Reason: FundReason.WithdrawalHaircut });
        }

        Assert.True(haircuts > 0, "a withdrawal after the deficit pays a haircut");
    }

    /// <summary>
    /// The withdrawal haircut's arithmetic (Paradex): c withdraws 100 before any deficit (no haircut); a's bad debt of 500
    /// (no fund) is then deficit over net deposits of 8,900: c withdrawing 900 pays 900 x 500 / 8,900 = 50.5617977…,
    /// floored to 50.561797, to the fund; withdrawing 1 more pays 500 / 8,050.561797 = 0.0621074… → 0.062107. The net
    /// deposits fall by what left the venue only.
    /// </summary>
    [Fact]
    public void The_withdrawal_haircut_is_the_deficit_share_floored_to_a_micro_unit()
    {
        MarketId x = new("X");
        var sides = new SideBySide();
        Command[] commands =
        [
            new ConfigureCommand(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlPrice = ClosePrice.Mark, WithdrawalHaircut = true }),
            new ListMarketCommand(x, 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Parse("0"), []),
            new DepositCommand(new AccountId("a"), Money.FromUnits(1_000)),
            new DepositCommand(new AccountId("b"), Money.FromUnits(5_000)),
            new DepositCommand(new AccountId("c"), Money.FromUnits(3_000)),
            new TradeCommand(x, new AccountId("a"), new AccountId("b"), 1_000m, 10m),
            new WithdrawCommand(new AccountId("c"), Money.FromUnits(100)), // no deficit yet: no haircut
            new MarkCommand(x, 850m),
            new WithdrawCommand(new AccountId("c"), Money.FromUnits(900)),
            new WithdrawCommand(new AccountId("c"), Money.FromUnits(1)),
        ];
        for (int i = 0; i < commands.Length; i++)
            sides.Run(commands[i], i + 1);
        Assert.DoesNotContain(sides.Oracle.Log, e => e is Rejected);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        Assert.Equal([Money.Zero, Money.Parse("50.561797"), Money.Parse("0.062107")], sides.Oracle.Log.OfType<Withdrawn>().Select(w => w.Haircut));
        Assert.Equal(Money.FromUnits(500), sides.Core.Ledger.Deficit);
        Assert.Equal(8_900m - 900m + 50.561797m - 1m + 0.062107m, sides.Oracle.NetDeposits);
    }

    /// <summary>
    /// Open interest over two markets: an account's weight is its notional at the marks summed over its markets, and each
    /// pays at most its equity. a (long X) goes bankrupt when X falls; its position is deleveraged against b at the mark.
    /// </summary>
    [Fact]
    public void Open_interest_weighs_the_notional_over_every_market()
    {
        MarketId x = new("X"), y = new("Y");
        var sides = new SideBySide();
        Command[] commands =
        [
            new ConfigureCommand(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlPrice = ClosePrice.Mark, Waterfall = [WaterfallStageKind.OpenInterest] }),
            new ListMarketCommand(x, 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Parse("0.001"), []),
            new ListMarketCommand(y, 0.5m, 0.1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Parse("0"), []),
            new DepositCommand(new AccountId("a"), Money.FromUnits(1_000)),
            new DepositCommand(new AccountId("b"), Money.FromUnits(5_000)),
            new DepositCommand(new AccountId("c"), Money.FromUnits(3_000)),
            new DepositCommand(new AccountId("d"), Money.FromUnits(250)),
            new TradeCommand(x, new AccountId("a"), new AccountId("b"), 1_000m, 10m),
            new TradeCommand(y, new AccountId("b"), new AccountId("c"), 200m, 7.3m),
            new TradeCommand(x, new AccountId("c"), new AccountId("d"), 1_000m, 2m),
            new TradeCommand(y, new AccountId("d"), new AccountId("c"), 200.5m, 1.1m),
            new MarkCommand(y, 230m),
            new MarkCommand(x, 850m),
        ];
        for (int i = 0; i < commands.Length; i++)
            sides.Run(commands[i], i + 1);
        Assert.DoesNotContain(sides.Oracle.Log, e => e is Rejected);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        Assert.True(Count(sides, e => e is ClawedBack { Stage: WaterfallStageKind.OpenInterest }) >= 2, "several positions pay");
    }

    /// <summary>
    /// Random small crashes under random combinations of the stages and options, on random close-out ladders (book only:
    /// the fund takes positions over and may become insolvent), ADL triggers and funding modes: events and state hash agree.
    /// </summary>
    [Fact]
    public void Random_crashes_agree_under_every_waterfall_stage_and_option()
    {
        var stages = new[] { WaterfallStageKind.Insurance, WaterfallStageKind.Clawback, WaterfallStageKind.OpenInterest, WaterfallStageKind.DepositIndex };
        var waterfall = Gen.Shuffle(stages).SelectMany(s => Gen.Int[1, s.Length].Select(n => s[..n]));
        CloseOutStage[][] ladders = [[CloseOutStage.Book], [CloseOutStage.Book, CloseOutStage.Adl], [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl]];
        var options = Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[0, ladders.Length - 1], Gen.Enum<AdlTrigger>());
        var gen = Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[6, 80], Gen.Long[0, 50], waterfall, options, Gen.Bool);
        gen.Sample((seed, accounts, fund, w, o, index) =>
        {
            var (haircut, toFund, atMark, tiered, ladder, trigger) = o;
            var config = Policy(w, haircut, toFund ? SurplusRecipient.Fund : SurplusRecipient.Trader, atMark ? ClosePrice.Mark : ClosePrice.Bankruptcy) with
            {
                CloseOut = ladders[ladder],
                AdlTrigger = trigger,
                AdlWindow = 20,
                AdlFloor = Money.FromUnits(1),
            };
            Crash(config, seed, accounts, fund == 0 ? null : fund, tiered, index ? FundingMode.Index : FundingMode.PerAccount, marksPerFunding: index ? 3 : 10);
        }, iter: 100);
    }
}
