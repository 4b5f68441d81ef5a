using static SocialLoss.Simulation.Tests.TestData;

namespace SocialLoss.Simulation.Tests;

public class LiquidityModelTest
{
    private static readonly Candle[] Window = [C(0, 100, 101, 99, 100, 100), C(1, 100, 101, 99, 100, 100), C(2, 100, 101, 99, 100, 100)];

    private static LiquidityModel Model(LiquidityParameters p) => new(p, Window, openInterest: 1000, tickSize: 0.1m, lotSize: 0.001m);

    [Fact]
    public void Depth_at_the_high_in_a_median_candle_is_the_depth_share_of_open_interest()
    {
        var m = Model(new LiquidityParameters(DepthShare: 0.02));
        Assert.Equal(20, m.Depth(Window[0], 100, 100, 100, bids: true), 9);
        var book = m.Book(Window[0], 100, 100, 100);
        Assert.Equal(20m, book.BidDepth);
        Assert.Equal(20m, book.AskDepth);
    }

    [Fact]
    public void Depth_grows_with_volume_by_the_elasticity()
    {
        var m = Model(new LiquidityParameters(DepthShare: 0.02, VolumeElasticity: 0.5));
        var busy = C(3, 100, 101, 99, 100, 400);
        Assert.Equal(40, m.Depth(busy, 100, 100, 100, bids: true), 9); // 4x volume, sqrt → 2x depth
    }

    [Fact]
    public void Bids_thin_as_the_price_falls_from_its_high()
    {
        var m = Model(new LiquidityParameters(DepthShare: 0.02, Thinning: 8));
        var atHigh = m.Depth(Window[0], 100, 100, 100, bids: true);
        var tenDown = m.Depth(Window[0], 90, 100, 90, bids: true);
        Assert.Equal(Math.Pow(0.9, 8), tenDown / atHigh, 9); // 43%
        var none = Model(new LiquidityParameters(DepthShare: 0.02, Thinning: 0));
        Assert.Equal(20, none.Depth(Window[0], 90, 100, 90, bids: true), 9);
        // asks thin as the price rises from its low
        Assert.Equal(Math.Pow(100 / 110.0, 8) * 20, m.Depth(Window[0], 110, 110, 100, bids: false), 9);
    }

    [Fact]
    public void Levels_are_spread_evenly_over_the_candle_range()
    {
        var m = Model(new LiquidityParameters(DepthShare: 0.02, Levels: 4, RangeMultiple: 1));
        var wide = C(3, 100, 104, 96, 100, 100); // range 8 → gap 2
        var book = m.Book(wide, 100, 100, 100);
        Assert.Equal([98m, 96m, 94m, 92m], book.Bids.Select(l => l.Price));
        Assert.Equal([102m, 104m, 106m, 108m], book.Asks.Select(l => l.Price));
        Assert.All(book.Bids, l => Assert.Equal(5m, l.Quantity));
        // a candle without range still spaces the levels by one tick
        var flat = m.Book(C(4, 100, 100, 100, 100, 100), 100, 100, 100);
        Assert.Equal([99.9m, 99.8m, 99.7m, 99.6m], flat.Bids.Select(l => l.Price));
    }

    [Fact]
    public void Zero_depth_share_is_an_empty_book()
    {
        var book = Model(new LiquidityParameters(DepthShare: 0)).Book(Window[0], 100, 100, 100);
        Assert.Empty(book.Bids);
        Assert.Empty(book.Asks);
    }
}
