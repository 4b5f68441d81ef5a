using static SocialLoss.Simulation.Tests.TestData;

namespace SocialLoss.Simulation.Tests;

public class FundSizingTest
{
    [Fact]
    public void Newsvendor_fund_is_the_quantile_at_one_minus_r_over_kappa()
    {
        var d = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        Assert.Equal(95.05, FundSizing.OptimalFund(d, 0.05), 9); // r/κ = 5%: the 95th percentile
        Assert.Equal(100, FundSizing.OptimalFund(d, 1e-9), 6);
        var s = FundSizing.Summarise(d, 0.05);
        Assert.Equal(50.5, s.Mean, 9);
        Assert.Equal((0.95 + 1.95 + 2.95 + 3.95 + 4.95) / 100, s.ExpectedSocializedAtFund, 9);
    }

    [Fact]
    public void Monte_carlo_results_do_not_depend_on_the_cores()
    {
        static double F(int seed) => new Random(seed).NextDouble() * 1000;
        int calls = 0;
        var parallel = FundSizing.MonteCarlo(64, 5, F, parallel: true, progress: _ => Interlocked.Increment(ref calls));
        Assert.Equal(FundSizing.MonteCarlo(64, 5, F, parallel: false), parallel);
        Assert.Equal(64, calls);
        Assert.Equal(F(5), parallel[0]);
    }

    [Fact]
    public void Bootstrap_keeps_the_first_candle_and_chains_closes_to_opens()
    {
        var b = FundSizing.Bootstrap(SmallCrash(), 3, 2);
        Assert.Equal(SmallCrash().Count, b.Count);
        Assert.Equal(SmallCrash()[0], b[0]);
        Assert.All(b, c => Assert.True(c.Low <= c.Open && c.Open <= c.High && c.Low <= c.Close && c.Close <= c.High));
        Assert.Equal(b, FundSizing.Bootstrap(SmallCrash(), 3, 2)); // seeded
    }

    /// <summary>
    /// The hand crash of the end-to-end test in every run: a 10x long of 1 at 100 with 10 of collateral, a gap to 80
    /// through an empty book; with no fund the shortfall is 10 every time, so K* = 10 at any target.
    /// </summary>
    [Fact]
    public void Small_case_with_a_known_shortfall()
    {
        var market = new MarketParameters(TickSize: 0.1m, LotSize: 0.001m, InitialMargin: 0.05m, MaintenanceMargin: 0.025m, LiquidationFee: 0m);
        var scenario = Scenario(liquidity: new LiquidityParameters(DepthShare: 0), fund: 4m, market: market);
        var r = FundSizing.Run(scenario, [C(0, 100, 100, 100, 100), C(1, 100, 100, 80, 80)], new FundSizingOptions(Runs: 4, Target: 0.01), null,
            (_, start) => new Population(
                [new Trader("alice", TraderKind.Retail, 1m, start, 10m, 10), new Trader("mm0001", TraderKind.MarketMaker, -1m, start, 100m, 1)],
                [("alice", "mm0001", start, 1m)], start));
        Assert.Equal([10.0, 10.0, 10.0, 10.0], r.Shortfalls);
        Assert.Equal(10.0, r.FundSize);
        Assert.Equal(1.0, r.ProbabilityPositive);
        Assert.Equal(0.0, r.ExpectedSocializedAtFund);
    }

    /// <summary>The target r/κ (the newsvendor rule of arXiv 2512.01112: K* = VaR at 1 − r/κ): from the ratio, from both costs, or the default.</summary>
    [Theory]
    [InlineData(0.01, null, null, 0.01)]
    [InlineData(null, 0.1, 4.0, 0.025)]
    [InlineData(null, null, null, 0.05)]
    public void Target_FromTheRatioOrBothCosts(double? target, double? r, double? kappa, double expected) =>
        Assert.Equal(expected, FundSizing.Target(target, r, kappa), 12);

    [Theory]
    [InlineData(null, 0.1, null, "give both")]
    [InlineData(null, null, 4.0, "give both")]
    [InlineData(1.5, null, null, "between 0 and 1")]
    [InlineData(null, 4.0, 2.0, "between 0 and 1")]
    public void Target_OneCostOrOutOfRange_NamesTheProblem(double? target, double? r, double? kappa, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => FundSizing.Target(target, r, kappa)).Message);

    [Fact]
    public void Csv_OneRowPerRunWithItsSeed()
    {
        var result = FundSizing.Summarise([0, 12.5], 0.5);
        Assert.Equal("run,seed,shortfall\n0,7,0\n1,8,12.5\n", result.Csv(7));
    }
}
