using static SocialLoss.Simulation.Tests.TestData;

namespace SocialLoss.Simulation.Tests;

public class HyperliquidReplayTest
{
    [Fact]
    public void Derived_path_starts_at_the_start_and_bottoms_at_the_low_keeping_the_shape()
    {
        var sol = HyperliquidReplay.DerivePath(SmallCrash(), 185m, 137m);
        Assert.Equal(185m, sol[0].Open);
        Assert.Equal(137m, sol.Min(c => c.Low));
        Assert.All(sol, c => Assert.True(c.Low <= Math.Min(c.Open, c.Close) && c.High >= Math.Max(c.Open, c.Close)));
        Assert.Equal(SmallCrash().Select(c => c.IsUp), sol.Select(c => c.IsUp));
        Assert.Equal(SmallCrash().Select(c => c.Volume), sol.Select(c => c.Volume));
    }

    private static HyperliquidData Data() => HyperliquidData.Load(Path.Combine(DataFolder(), HyperliquidReplay.Folder));

    [Fact]
    public void Published_figures_are_read_from_the_files()
    {
        var data = Data();
        var btc = data.Published["BTC"];
        Assert.Equal(620_890_947.73m, Math.Round(btc.AdlNotional, 2));
        Assert.Equal(2443, btc.AdlFills);
        Assert.Equal(1759, btc.AdlAccounts);
        Assert.Equal(276_200_960.58m, Math.Round(data.Published["SOL"].AdlNotional, 2));
        Assert.Equal(0.196, data.AllMarketsMedianLeverage, 3);
        Assert.True(data.AllMarketsProfitableShare > 0.94);
    }

    [Fact]
    public void Rebuilt_population_has_every_adl_winner_and_opens_without_rejection()
    {
        var data = Data();
        var candles = HyperliquidReplay.DerivePath(SmallCrash(), 185m, 137m);
        var sim = HyperliquidReplay.Prepare(data, "SOL", candles, new HyperliquidReplayParameters(), HyperliquidReplay.Policies, out var notes);
        var real = data.Positions.Where(p => p.Asset == "SOL" && p.Adl).Select(p => HyperliquidReplay.Id(p.User)).ToHashSet();
        // all but the few whose ADL'd size is below one lot (0.01 SOL)
        Assert.InRange(sim.Population.Traders.Count(t => real.Contains(t.Id)), real.Count - 10, real.Count);
        Assert.Equal(0m, sim.Population.Traders.Sum(t => t.Quantity)); // positions net to zero
        Assert.Equal(["hlp"], sim.Population.Backstops);
        Assert.NotEmpty(notes);
        var events = Simulator.SetupEvents(sim, HyperliquidReplay.Policies[0]); // throws if the engine would reject a trade
        Assert.Contains(events, e => e is SocialLoss.Core.Events.BackstopSet);
    }
}
