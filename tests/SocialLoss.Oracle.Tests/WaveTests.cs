using CsCheck;
using SocialLoss.Benchmarking;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle.Tests;

/// <summary>
/// Per-wave allocation (<c>allocation: "per-wave"</c>) side by side: the pooled ADL of a wave under every ranking, the
/// pooled clawback under every method, ADL at the bankruptcy price or the mark; every event and the state hash agree.
/// </summary>
public class WaveTests
{
    private static CrashWorkload Wave(CrashWorkloadOptions o, Func<EngineConfig, EngineConfig>? change = null)
    {
        var config = CrashWorkload.Policy(o) with { Allocation = AllocationScope.PerWave };
        return CrashWorkload.Generate(o with { Config = change is null ? config : change(config) });
    }

    public static TheoryData<AdlRankingKind, ClawbackMethod, bool> EveryRanking()
    {
        var data = new TheoryData<AdlRankingKind, ClawbackMethod, bool>();
        foreach (var r in Enum.GetValues<AdlRankingKind>())
            foreach (var atMark in new[] { false, true })
                if (!(r == AdlRankingKind.Budgeted && atMark)) // budgeted ADL pays through the bankruptcy price only (config rejected)
                    data.Add(r, ClawbackMethod.ProRata, atMark);
        foreach (var m in Enum.GetValues<ClawbackMethod>())
            data.Add(AdlRankingKind.Leverage, m, false);
        return data;
    }

    /// <summary>Each ranking (pooled ADL) and each clawback method (pooled debt), on a crash that deleverages.</summary>
    [Theory]
    [MemberData(nameof(EveryRanking))]
    public void Every_ranking_and_method_agrees_per_wave(AdlRankingKind ranking, ClawbackMethod method, bool atMark)
    {
        var w = Wave(new CrashWorkloadOptions(150, 400, 7, Tiered: true, AdlAtMark: atMark, Clawback: true, ranking, InsuranceFund: 1,
            method, ClawbackBase.UnrealizedPnl, ClawbackCapPpb: 600_000_000, AdlSeed: 42, MarksPerFunding: 25));
        var sides = SideBySide.Run(w);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        Assert.True(sides.Liquidations > 0, "the crash liquidates someone");
        Assert.True(sides.AdlFills > 0, "the crash deleverages someone");
        Assert.True(sides.PooledAdls > 0, "some wave pools the ADL of two or more liquidations");
    }

    /// <summary>Without ADL, so that the waves' debts reach the pooled clawback: every method on either base.</summary>
    [Theory]
    [InlineData(ClawbackMethod.ProRata, ClawbackBase.UnrealizedPnl)]
    [InlineData(ClawbackMethod.CappedProRata, ClawbackBase.UnrealizedPnl)]
    [InlineData(ClawbackMethod.MinMax, ClawbackBase.UnrealizedPnl)]
    [InlineData(ClawbackMethod.RiskAware, ClawbackBase.UnrealizedPnl)]
    [InlineData(ClawbackMethod.ProRata, ClawbackBase.PeriodProfit)]
    [InlineData(ClawbackMethod.MinMax, ClawbackBase.PeriodProfit)]
    public void Pooled_clawback_agrees(ClawbackMethod method, ClawbackBase @base)
    {
        var w = Wave(new CrashWorkloadOptions(150, 400, 11, Tiered: true, AdlAtMark: false, Clawback: true, AdlRankingKind.Bitmex, InsuranceFund: 1,
            method, @base, ClawbackCapPpb: 400_000_000, MarksPerFunding: 25), k => k with { CloseOut = [CloseOutStage.Book, CloseOutStage.Backstop] });
        var sides = SideBySide.Run(w);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        Assert.True(sides.Clawbacks > 0, "the crash claws back");
    }

    /// <summary>
    /// Small random crashes under random per-wave policies: every ranking and trigger (okx with a short window and a floor
    /// the small fund crosses), every clawback method and base, and <c>funding: "index"</c> half the time.
    /// </summary>
    [Fact]
    public void Random_small_crashes_agree_per_wave()
    {
        var policy = Gen.Select(Gen.Enum<AdlRankingKind>().Where(OracleEngine.Covered), Gen.Enum<ClawbackMethod>(), Gen.Enum<ClawbackBase>(), Gen.Long[1, 1_000_000_000], Gen.ULong, Gen.Bool);
        var gen = Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[6, 80], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Long[0, 50], policy, Gen.Enum<AdlTrigger>());
        gen.Sample((seed, accounts, tiered, atMark, clawback, fund, p, trigger) =>
        {
            var (ranking, method, @base, cap, adlSeed, index) = p;
            var w = Wave(new CrashWorkloadOptions(accounts, 200, seed, tiered, PropertyTests.AtMark(atMark, ranking), clawback, ranking, fund == 0 ? null : fund,
                method, @base, cap, adlSeed, MarksPerFunding: 10, Funding: index ? FundingMode.Index : FundingMode.PerAccount),
                k => k with { AdlTrigger = trigger, AdlWindow = 20, AdlFloor = Money.FromUnits(1) });
            var sides = SideBySide.Run(w);
            var (core, oracle, rebuilt) = sides.Hashes();
            Assert.Equal(core, oracle);
            Assert.Equal(core, rebuilt);
            Assert.Null(Invariants.Check(sides.Core.Ledger));
        }, iter: 120);
    }

    // ---------------------------------------------------------------- two markets

    public static TheoryData<AdlRankingKind, AllocationScope, AdlTrigger, bool> EveryRankingOnTwoMarkets()
    {
        var data = new TheoryData<AdlRankingKind, AllocationScope, AdlTrigger, bool>();
        foreach (var r in Enum.GetValues<AdlRankingKind>())
            foreach (var scope in Enum.GetValues<AllocationScope>())
                data.Add(r, scope, r is AdlRankingKind.Fair or AdlRankingKind.Leverage ? AdlTrigger.FundDepleted : AdlTrigger.Always, false);
        // budgeted ADL leaves lots after its rung: a backstop rung after it completes the ladder once the pooled fills are out
        foreach (var scope in Enum.GetValues<AllocationScope>())
            data.Add(AdlRankingKind.Budgeted, scope, AdlTrigger.Always, true);
        return data;
    }

    /// <summary>
    /// Accounts with positions in two markets that crash in opposite directions, so a liquidated account's other position
    /// moves (and is closed) while a wave's plans are open: the pooled fills then take the bankruptcy price as it is when
    /// they are emitted. Every ranking, per wave and per bankruptcy; the backstop rung before ADL or, when
    /// <paramref name="backstopLast"/>, after it.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryRankingOnTwoMarkets))]
    public void Two_markets_agree(AdlRankingKind ranking, AllocationScope scope, AdlTrigger trigger, bool backstopLast)
    {
        int backstops = 0;
        int liquidations = 0, adl = 0, pooled = 0;
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var config = EngineConfig.Default with
            {
                CloseOut = backstopLast ? [CloseOutStage.Book, CloseOutStage.Adl, CloseOutStage.Backstop] : [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl],
                AdlRanking = ranking,
                Waterfall = [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback],
                ClawbackMethod = ClawbackMethod.MinMax,
                Allocation = scope,
                AdlTrigger = trigger,
                AdlSeed = 9,
            };
            var sides = new SideBySide();
            int line = 0;
            foreach (var c in TwoMarkets(seed, 90, config))
                sides.Run(c, ++line);
            var (core, oracle, rebuilt) = sides.Hashes();
            Assert.Equal(core, oracle);
            Assert.Equal(core, rebuilt);
            Assert.Null(Invariants.Check(sides.Core.Ledger));
            liquidations += sides.Liquidations;
            adl += sides.AdlFills;
            pooled += sides.PooledAdls;
            backstops += sides.BackstopFills;
        }

        Assert.True(liquidations > 0, "the crash liquidates someone");
        Assert.True(adl > 0, "the crash deleverages someone");
        if (backstopLast)
            Assert.True(backstops > 0, "a backstop takes what ADL left");
        if (scope == AllocationScope.PerWave)
            Assert.True(pooled > 0, "some wave pools the ADL of two or more liquidations");
    }

    /// <summary>
    /// A two-market crash: every account trades both markets (random sides, 3–25x, some trades refused for margin), then
    /// BTC falls 8% (half of it in one gap) while ETH rises 8% (5% in one gap), with thin books, trades and fundings in between.
    /// </summary>
    private static List<Command> TwoMarkets(int seed, int accounts, EngineConfig config)
    {
        var rng = new Random(seed);
        var btc = new MarketId("BTC-PERP");
        var eth = new MarketId("ETH-PERP");
        string Name(int i) => CrashWorkload.AccountName(i);
        var commands = new List<Command>
        {
            new ConfigureCommand(config),
            new ListMarketCommand(btc, 0.1m, 0.001m, Rate.Parse("0.04"), Rate.Parse("0.02"), Rate.Parse("0.005"), []),
            new ListMarketCommand(eth, 0.01m, 0.01m, Rate.Parse("0.05"), Rate.Parse("0.025"), Rate.Parse("0.004"), []),
            new InsuranceCommand(Money.FromUnits(5)),
            new MarkCommand(btc, 50_000m),
            new MarkCommand(eth, 3_000m),
        };
        foreach (var b in new[] { "backstop-1", "backstop-2" })
        {
            commands.Add(new DepositCommand(new AccountId(b), Money.FromUnits(300)));
            commands.Add(new BackstopCommand(new AccountId(b), true));
        }

        for (int i = 0; i < accounts; i++)
            commands.Add(new DepositCommand(new AccountId(Name(i)), Money.FromUnits(rng.Next(300, 3_000))));
        for (int i = 0; i < accounts; i++)
        {
            int j = (i + 1 + rng.Next(accounts - 1)) % accounts;
            bool buy = rng.Next(2) == 0;
            commands.Add(new TradeCommand(btc, new AccountId(Name(buy ? i : j)), new AccountId(Name(buy ? j : i)), 50_000m, 0.001m * rng.Next(10, 400)));
            int k = (i + 1 + rng.Next(accounts - 1)) % accounts;
            buy = rng.Next(2) == 0;
            commands.Add(new TradeCommand(eth, new AccountId(Name(buy ? i : k)), new AccountId(Name(buy ? k : i)), 3_000m, 0.01m * rng.Next(10, 600)));
        }

        decimal markBtc = 50_000m, markEth = 3_000m;
        commands.Add(Book(btc, markBtc, 0.1m, 0.05m));
        commands.Add(Book(eth, markEth, 0.01m, 0.5m));
        const int steps = 240;
        for (int s = 0; s < steps; s++)
        {
            double f = (double)s / steps;
            double r = rng.NextDouble();
            if (r < 0.5)
            {
                double down = f < 0.7 ? 0.04 * f / 0.7 + (f >= 0.4 ? 0.04 : 0) : 0.08;
                double up = 0.03 * Math.Min(1, f / 0.8) + (f >= 0.5 ? 0.05 : 0); // ETH gaps up 5% halfway
                double noise = 1 + 0.0004 * (2 * rng.NextDouble() - 1);
                if (rng.Next(2) == 0)
                {
                    markBtc = decimal.Round((decimal)(50_000 * (1 - down) * noise), 1);
                    commands.Add(new MarkCommand(btc, markBtc));
                }
                else
                {
                    markEth = decimal.Round((decimal)(3_000 * (1 + up) * noise), 2);
                    commands.Add(new MarkCommand(eth, markEth));
                }
            }
            else if (r < 0.8)
            {
                int a = rng.Next(accounts), b = (a + 1 + rng.Next(accounts - 1)) % accounts;
                commands.Add(rng.Next(2) == 0
                    ? new TradeCommand(btc, new AccountId(Name(a)), new AccountId(Name(b)), markBtc + 0.1m * rng.Next(-5, 6), 0.001m * rng.Next(1, 30))
                    : new TradeCommand(eth, new AccountId(Name(a)), new AccountId(Name(b)), markEth + 0.01m * rng.Next(-5, 6), 0.01m * rng.Next(1, 30)));
            }
            else if (r < 0.93)
                commands.Add(rng.Next(2) == 0 ? Book(btc, markBtc, 0.1m, 0.05m) : Book(eth, markEth, 0.01m, 0.5m));
            else
                commands.Add(new FundingCommand(rng.Next(2) == 0 ? btc : eth, new Rate(rng.Next(-200_000, 200_001))));
        }

        return commands;
    }

    /// <summary>A thin book of three levels each side, 0.3%, 0.6% and 1.2% from the mark.</summary>
    private static BookCommand Book(MarketId market, decimal mark, decimal tick, decimal size)
    {
        (decimal, decimal) Level(decimal factor, decimal q) => (decimal.Round(mark * factor / tick) * tick, q);
        return new BookCommand(market,
            [Level(0.997m, size), Level(0.994m, 2 * size), Level(0.988m, 4 * size)],
            [Level(1.003m, size), Level(1.006m, 2 * size), Level(1.012m, 4 * size)]);
    }

    // ---------------------------------------------------------------- leverage water-filling edges

    public static TheoryData<AdlRankingKind, AllocationScope, bool> EveryRankingOnTheEdges()
    {
        var data = new TheoryData<AdlRankingKind, AllocationScope, bool>();
        foreach (var r in Enum.GetValues<AdlRankingKind>())
            foreach (var scope in Enum.GetValues<AllocationScope>())
                foreach (var deep in new[] { false, true })
                    data.Add(r, scope, deep);
        return data;
    }

    /// <summary>
    /// A hand-made book of positions for the edges of the leverage water-filling (arXiv 2603.15963): ETH gaps up 10%, which
    /// takes <c>a</c> (long BTC, short ETH) under and leaves <c>c</c> (short BTC, short ETH) with negative equity, so when
    /// <c>a</c>'s BTC long is deleveraged per bankruptcy <c>c</c> is an opposing position of infinite leverage (cut first,
    /// whole); the rest is cut to one level over <c>d</c> and <c>e</c> (when <paramref name="deep"/>) or takes all of them.
    /// Per wave <c>c</c> is in the wave and takes no part. BTC does not move, so budgeted ADL finds no winner on BTC.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryRankingOnTheEdges))]
    public void Leverage_edges_agree(AdlRankingKind ranking, AllocationScope scope, bool deep)
    {
        var btc = new MarketId("BTC-PERP");
        var eth = new MarketId("ETH-PERP");
        var commands = new List<Command>
        {
            new ConfigureCommand(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlRanking = ranking, Allocation = scope }),
            new ListMarketCommand(btc, 0.1m, 0.001m, Rate.Parse("0.04"), Rate.Parse("0.02"), Rate.Parse("0.005"), []),
            new ListMarketCommand(eth, 0.01m, 0.01m, Rate.Parse("0.05"), Rate.Parse("0.025"), Rate.Parse("0.004"), []),
            new InsuranceCommand(Money.FromUnits(1)),
            new MarkCommand(btc, 50_000m),
            new MarkCommand(eth, 3_000m),
        };
        foreach (var (id, units) in new[] { ("a", 600), ("c", 400), ("d", 10_000), ("e", 5_000), ("f", 10_000), ("g", 10_000) })
            commands.Add(new DepositCommand(new AccountId(id), Money.FromUnits(units)));
        void Trade(MarketId m, string buyer, string seller, decimal price, decimal quantity) =>
            commands.Add(new TradeCommand(m, new AccountId(buyer), new AccountId(seller), price, quantity));
        Trade(btc, "a", "c", 50_000m, 0.03m);
        Trade(btc, "a", "d", 50_000m, 0.04m);
        Trade(btc, "a", "e", 50_000m, 0.03m);
        if (deep)
        {
            Trade(btc, "f", "d", 50_000m, 0.02m);
            Trade(btc, "f", "e", 50_000m, 0.03m);
        }

        Trade(eth, "g", "a", 3_000m, 2m);
        Trade(eth, "g", "c", 3_000m, 2m);
        commands.Add(new MarkCommand(eth, 3_300m));
        commands.Add(new MarkCommand(btc, 49_000m));
        commands.Add(new MarkCommand(eth, 3_500m));

        var sides = new SideBySide();
        int line = 0;
        foreach (var c in commands)
            sides.Run(c, ++line);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        Assert.True(sides.Liquidations >= 2, "a and c are liquidated");
        if (ranking != AdlRankingKind.Budgeted)
            Assert.True(sides.AdlFills > 0, "their positions are deleveraged");
    }

    // ---------------------------------------------------------------- every waterfall stage, defaults, the surplus

    /// <summary>The socializing stages per wave: each takes each debt of a wave in turn, as per bankruptcy.</summary>
    [Theory]
    [InlineData(WaterfallStageKind.OpenInterest)]
    [InlineData(WaterfallStageKind.DepositIndex)]
    public void A_stage_after_a_small_fund_pays_each_debt_of_a_wave(WaterfallStageKind stage)
    {
        int charged = 0, pooled = 0;
        foreach (var (seed, accounts) in new[] { (3, 120), (11, 200), (29, 80) })
        {
            var sides = WaterfallStageTests.Crash(WaterfallStageTests.Policy([WaterfallStageKind.Insurance, stage, WaterfallStageKind.Clawback])
                with { Allocation = AllocationScope.PerWave }, seed, accounts, fund: 1, tiered: seed % 2 == 1);
            charged += sides.Oracle.Log.Count(e => e is ClawedBack c && c.Stage == stage);
            pooled += sides.PooledAdls;
        }

        Assert.True(charged > 0, $"the {stage} stage charges someone");
        Assert.True(pooled > 0, "some wave pools the ADL of two or more liquidations");
    }

    /// <summary><c>closeoutSurplus: "fund"</c> per wave: each liquidated account's surplus goes to the fund once every ladder of the wave is done.</summary>
    [Fact]
    public void The_closeout_surplus_of_a_wave_goes_to_the_fund()
    {
        int surpluses = 0;
        foreach (var seed in new[] { 3, 11, 29 })
        {
            var sides = WaterfallStageTests.Crash(WaterfallStageTests.Policy([WaterfallStageKind.Insurance, WaterfallStageKind.Clawback], surplus: SurplusRecipient.Fund,
                adlPrice: ClosePrice.Bankruptcy) with { Allocation = AllocationScope.PerWave }, seed, 120, fund: 40);
            surpluses += sides.Oracle.Log.Count(e => e is InsuranceFundChanged { Reason: FundReason.CloseoutSurplus });
        }

        Assert.True(surpluses > 0, "a liquidation leaves a surplus");
    }

    /// <summary>
    /// The CCP waterfall per wave, with members declared in default along the path (a defaulted member with positions is
    /// liquidated in the next wave and takes no backstop fill).
    /// </summary>
    [Fact]
    public void The_pfmi_waterfall_agrees_per_wave_with_members_in_default()
    {
        int defaults = 0;
        foreach (var (seed, accounts) in new[] { (3, 120), (8, 90), (29, 150) })
        {
            var sides = CcpWaterfallTests.Crash(CcpWaterfallTests.Policy(CcpWaterfallTests.Pfmi) with { Allocation = AllocationScope.PerWave }, seed, accounts,
                fund: 1, sitg: 20, defaults: 3);
            defaults += sides.Oracle.Log.Count(e => e is DefaultFundUsed);
        }

        Assert.True(defaults > 0, "a default fund pays");
    }

    /// <summary>Random small crashes per wave under random combinations of the stages and options, ladders, triggers and funding modes.</summary>
    [Fact]
    public void Random_crashes_agree_per_wave_under_every_waterfall_stage_and_option()
    {
        var stages = new[] { WaterfallStageKind.Insurance, WaterfallStageKind.Clawback, WaterfallStageKind.OpenInterest, WaterfallStageKind.DepositIndex };
        var waterfall = Gen.Shuffle(stages).SelectMany(s => Gen.Int[1, s.Length].Select(n => s[..n]));
        CloseOutStage[][] ladders = [[CloseOutStage.Book], [CloseOutStage.Book, CloseOutStage.Adl], [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl]];
        var options = Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[0, ladders.Length - 1], Gen.Enum<AdlTrigger>(), Gen.Enum<AdlRankingKind>());
        var gen = Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[6, 80], Gen.Long[0, 50], waterfall, options, Gen.Bool);
        gen.Sample((seed, accounts, fund, w, o, index) =>
        {
            var (haircut, toFund, atMark, tiered, ladder, trigger, ranking) = o;
            var config = WaterfallStageTests.Policy(w, haircut, toFund ? SurplusRecipient.Fund : SurplusRecipient.Trader,
                PropertyTests.AtMark(atMark, ranking) ? ClosePrice.Mark : ClosePrice.Bankruptcy) with
            {
                CloseOut = ladders[ladder],
                AdlRanking = ranking,
                AdlTrigger = trigger,
                AdlWindow = 20,
                AdlFloor = Money.FromUnits(1),
                Allocation = AllocationScope.PerWave,
            };
            WaterfallStageTests.Crash(config, seed, accounts, fund == 0 ? null : fund, tiered, index ? FundingMode.Index : FundingMode.PerAccount,
                marksPerFunding: index ? 3 : 10);
        }, iter: 100);
    }
}
