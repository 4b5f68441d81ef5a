using CsCheck;
using SocialLoss.Benchmarking;
using SocialLoss.Core.Engine;
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
}
