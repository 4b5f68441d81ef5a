using CsCheck;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;
using SocialLoss.Benchmarking;
using SocialLoss.Oracle;

namespace SocialLoss.Oracle.Tests;

public class PropertyTests
{
    /// <summary>
    /// Small random crashes under random policies — every ADL ranking and trigger, every clawback method and base, a
    /// random cap and dYdX seed, ADL at the bankruptcy price or the mark, with or without a price band on the market:
    /// every event (a trade the band refuses included) and the final state hash agree.
    /// </summary>
    [Fact]
    public void Random_small_crashes_agree_event_for_event_under_every_policy()
    {
        var policy = Gen.Select(Gen.Enum<AdlRankingKind>().Where(OracleEngine.Covered), Gen.Enum<ClawbackMethod>(), Gen.Enum<ClawbackBase>(), Gen.Long[1, 1_000_000_000], Gen.ULong);
        var gen = Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[6, 80], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Long[0, 50], policy,
            Gen.Select(Gen.Enum<AdlTrigger>(), Gen.Int[0, 3]));
        gen.Sample((seed, accounts, tiered, atMark, clawback, fund, p, market) =>
        {
            var (ranking, method, @base, cap, adlSeed) = p;
            var (trigger, band) = market;
            // no band, or one that refuses about half the path's trades (their prices are up to 0.5 off a mark near 50,000), a
            // few of them, or none
            Rate? priceBand = band switch { 1 => Rate.Parse("0.000005"), 2 => Rate.Parse("0.000009"), 3 => Rate.Parse("0.05"), _ => null };
            var o = new CrashWorkloadOptions(accounts, 200, seed, tiered, AtMark(atMark, ranking), clawback, ranking, fund == 0 ? null : fund,
                method, @base, cap, adlSeed, MarksPerFunding: 10, PriceBand: priceBand);
            // every ADL trigger; okx with a short window and a floor the small fund crosses
            var w = CrashWorkload.Generate(o with { Config = CrashWorkload.Policy(o) with { AdlTrigger = trigger, AdlWindow = 20, AdlFloor = Money.FromUnits(1) } });
            var (core, oracle, rebuilt) = SideBySide.Run(w).Hashes();
            Assert.Equal(core, oracle);
            Assert.Equal(core, rebuilt);
        }, iter: 120);
    }

    /// <summary>
    /// A price band of 0.0005% of the mark (0.25 at 50,000) on the crash, whose trades are priced up to 5 ticks (0.5) off
    /// the mark: the trades it refuses are the same in both engines, and so is everything after them.
    /// </summary>
    [Fact]
    public void A_price_band_refuses_the_same_trades_in_both_engines()
    {
        var w = CrashWorkload.Generate(new CrashWorkloadOptions(60, 300, 5, MarksPerFunding: 10, PriceBand: Rate.Parse("0.000005")));
        var sides = SideBySide.Run(w);
        var (core, oracle, _) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.True(sides.PriceBandRejections > 0, "the band refuses some trade");
        Assert.True(sides.Liquidations > 0, "the population was built and the crash liquidates");
    }

    /// <summary>
    /// The same under <c>funding: "index"</c>, with a funding every few marks so that accruals pile up between the fills
    /// that settle them: every event (one <c>fundingIndex</c> per funding), the state hash, and the ledger rebuilt from
    /// the oracle's events agree, and the invariants (money conserved with the index's rounding) hold.
    /// </summary>
    [Fact]
    public void Random_small_crashes_agree_event_for_event_with_the_funding_index()
    {
        var policy = Gen.Select(Gen.Enum<AdlRankingKind>().Where(OracleEngine.Covered), Gen.Enum<ClawbackMethod>(), Gen.Enum<ClawbackBase>(), Gen.Long[1, 1_000_000_000]);
        var gen = Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[6, 80], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[1, 8], policy);
        gen.Sample((seed, accounts, tiered, atMark, clawback, marksPerFunding, p) =>
        {
            var (ranking, method, @base, cap) = p;
            var w = CrashWorkload.Generate(new CrashWorkloadOptions(accounts, 200, seed, tiered, AtMark(atMark, ranking), clawback, ranking, null,
                method, @base, cap, 7, MarksPerFunding: marksPerFunding, Funding: FundingMode.Index));
            var sides = SideBySide.Run(w);
            var (core, oracle, rebuilt) = sides.Hashes();
            Assert.Equal(core, oracle);
            Assert.Equal(core, rebuilt);
            Assert.Null(Invariants.Check(sides.Core.Ledger));
            Assert.True(sides.IndexFundings > 0, "the path funds");
        }, iter: 80);
    }

    /// <summary>ADL at the mark when drawn, except under <c>budgeted</c>, which pays through the bankruptcy price only (Core rejects the config).</summary>
    internal static bool AtMark(bool drawn, AdlRankingKind ranking) => drawn && ranking != AdlRankingKind.Budgeted;

    /// <summary>Each ranking and each clawback method, on a crash that deleverages and claws back: the same events and hash.</summary>
    [Theory]
    [MemberData(nameof(EveryPolicy))]
    public void Every_ranking_and_method_agrees_on_a_seeded_crash(AdlRankingKind ranking, ClawbackMethod method, ClawbackBase @base)
    {
        var w = CrashWorkload.Generate(new CrashWorkloadOptions(150, 400, 7, Tiered: true, AdlAtMark: false, Clawback: true, ranking, InsuranceFund: 1,
            method, @base, ClawbackCapPpb: 600_000_000, AdlSeed: 42, MarksPerFunding: 25));
        var sides = SideBySide.Run(w);
        var (core, oracle, _) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.True(sides.AdlFills > 0, "the crash deleverages someone");
    }

    public static TheoryData<AdlRankingKind, ClawbackMethod, ClawbackBase> EveryPolicy()
    {
        var data = new TheoryData<AdlRankingKind, ClawbackMethod, ClawbackBase>();
        foreach (var r in Enum.GetValues<AdlRankingKind>().Where(OracleEngine.Covered))
            data.Add(r, ClawbackMethod.ProRata, ClawbackBase.UnrealizedPnl);
        foreach (var m in Enum.GetValues<ClawbackMethod>())
            foreach (var b in Enum.GetValues<ClawbackBase>())
                data.Add(AdlRankingKind.Bitmex, m, b);
        return data;
    }

    [Theory]
    [InlineData("7", "2", "3", "4", "3")]
    [InlineData("-7", "2", "-4", "-3", "-3")]
    [InlineData("7", "-2", "-4", "-3", "-3")]
    [InlineData("0.000003", "0.000002", "1", "2", "1")]
    [InlineData("6", "3", "2", "2", "2")]
    public void Exact_divisions(string n, string d, string floor, string ceil, string trunc)
    {
        decimal N = decimal.Parse(n, System.Globalization.CultureInfo.InvariantCulture), D = decimal.Parse(d, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(decimal.Parse(floor, System.Globalization.CultureInfo.InvariantCulture), Exact.FloorDiv(N, D));
        Assert.Equal(decimal.Parse(ceil, System.Globalization.CultureInfo.InvariantCulture), Exact.CeilDiv(N, D));
        Assert.Equal(decimal.Parse(trunc, System.Globalization.CultureInfo.InvariantCulture), Exact.TruncDiv(N, D));
    }

    [Fact]
    public void Quotients_one_ulp_from_an_integer_round_the_right_way()
    {
        // 1 / 3 x 3 is 0.9999…9 in decimal: the corrected floor of (3 x (1/3)) / 1 must still be 0, and of 1 / (1/3) exactly 3 or 2.
        decimal third = 1m / 3m;
        Assert.Equal(0m, Exact.FloorDiv(third * 3m, 1m));
        Assert.Equal(1m, Exact.CeilDiv(third * 3m, 1m));
        Assert.Equal(Exact.FloorDiv(1m, third), decimal.Floor(1m / third) - (1m - decimal.Floor(1m / third) * third < 0 ? 1 : 0));
    }
}
