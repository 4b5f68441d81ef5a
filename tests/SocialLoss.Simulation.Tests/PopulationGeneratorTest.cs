namespace SocialLoss.Simulation.Tests;

public class PopulationGeneratorTest
{
    private static readonly MarketParameters Market = new();

    private static Population Generate(int n = 20_000, int seed = 11) =>
        PopulationGenerator.Generate(new PopulationParameters(Accounts: n), seed, 100_000m, Market);

    [Fact]
    public void Same_seed_same_population_other_seed_other_population()
    {
        var a = Generate(2000, 5);
        var b = Generate(2000, 5);
        var c = Generate(2000, 6);
        Assert.Equal(a.Traders, b.Traders);
        Assert.Equal(a.Trades, b.Trades);
        Assert.NotEqual(a.Traders.Select(t => t.Quantity), c.Traders.Select(t => t.Quantity));
    }

    [Fact]
    public void Positions_net_to_zero_and_every_trader_trades_once()
    {
        var p = Generate(5000);
        Assert.Equal(0m, p.Traders.Sum(t => t.Quantity));
        Assert.Equal(5000, p.Trades.Count);
        Assert.Equal(25, p.Traders.Count(t => t.Kind == TraderKind.MarketMaker)); // 0.5%
        Assert.All(p.Traders.Where(t => t.Kind != TraderKind.MarketMaker), t => Assert.NotEqual(0m, t.Quantity));
    }

    [Fact]
    public void Kind_and_side_shares_match_the_parameters()
    {
        var p = Generate();
        var traders = p.Traders.Where(t => t.Kind != TraderKind.MarketMaker).ToArray();
        double Share(Func<Trader, bool> f, IReadOnlyCollection<Trader> of) => of.Count(f) / (double)of.Count;
        Assert.InRange(Share(t => t.Kind == TraderKind.Hedged, traders), 0.04, 0.06);
        Assert.InRange(Share(t => t.Kind == TraderKind.HighLeverage, traders), 0.135, 0.165);
        var directional = traders.Where(t => t.Kind != TraderKind.Hedged).ToArray();
        Assert.InRange(Share(t => t.Quantity > 0, directional), 0.58, 0.62);
    }

    [Fact]
    public void Leverage_follows_its_distributions_and_respects_initial_margin()
    {
        var p = Generate();
        double max = 0.95 / (double)Market.InitialMargin; // 38x
        var retail = p.Traders.Where(t => t.Kind == TraderKind.Retail).Select(t => t.Leverage).ToArray();
        Assert.InRange(Statistics.Quantile(retail, 0.5), 3.6, 4.4); // log-normal median 4
        var high = p.Traders.Where(t => t.Kind == TraderKind.HighLeverage).Select(t => t.Leverage).ToArray();
        Assert.InRange(Statistics.Quantile(high, 0.02), 14.0, 16.0);
        // log-uniform on [15, 38]: the median is the geometric mean
        Assert.InRange(Statistics.Quantile(high, 0.5), Math.Sqrt(15 * max) * 0.95, Math.Sqrt(15 * max) * 1.05);
        Assert.All(p.Traders.Where(t => t.Kind != TraderKind.MarketMaker), t => Assert.InRange(t.Leverage, 0.5, max * 1.001));
        Assert.True(p.Traders.Where(t => t.Kind == TraderKind.Hedged).All(t => t.Leverage <= 3.001));
    }

    [Fact]
    public void Sizes_are_pareto_heavy_tailed()
    {
        var p = Generate();
        var notional = p.Traders.Where(t => t.Kind != TraderKind.MarketMaker).Select(t => (double)(Math.Abs(t.Quantity) * p.StartPrice)).ToArray();
        // P(X > x) = (x / 1000)^-1.4: above 10k about 4.0%, above 100k about 0.16%
        double Above(double x) => notional.Count(n => n > x) / (double)notional.Length;
        Assert.InRange(Above(10_000), 0.033, 0.047);
        Assert.InRange(Above(100_000), 0.0008, 0.0026);
        Assert.InRange(Statistics.Quantile(notional, 0.5), 1_550, 1_750); // median 1000 x 2^(1/1.4) = 1641
        Assert.True(notional.Max() <= 5_000_000 * 1.001);
    }
}
