using static SocialLoss.Simulation.Tests.TestData;

namespace SocialLoss.Simulation.Tests;

public class PricePathTest
{
    [Fact]
    public void Falling_candle_visits_high_then_low()
    {
        var path = PricePath.FromCandles([C(0, 100, 105, 90, 95)], 0.1m);
        Assert.Equal([100m, 105m, 90m, 95m], path.Select(p => p.Price));
    }

    [Fact]
    public void Rising_candle_visits_low_then_high()
    {
        var path = PricePath.FromCandles([C(0, 100, 112, 97, 110)], 0.1m);
        Assert.Equal([100m, 97m, 112m, 110m], path.Select(p => p.Price));
    }

    [Fact]
    public void Repeated_prices_are_dropped_and_prices_rounded_to_the_tick()
    {
        // second candle opens where the first closed; its high is its open; prices round to 0.5
        var path = PricePath.FromCandles([C(0, 100, 100.2m, 99.9m, 100.1m), C(1, 100.1m, 100.1m, 98.26m, 98.5m)], 0.5m);
        Assert.Equal([100m, 98.5m], path.Select(p => p.Price));
        Assert.All(path, p => Assert.Equal(0, p.Price % 0.5m));
        Assert.Equal([0, 1], path.Select(p => p.Index));
    }

    [Fact]
    public void Steps_carry_their_candle_and_increasing_times()
    {
        var candles = SmallCrash();
        var path = PricePath.FromCandles(candles, 0.1m);
        Assert.True(path.Count > candles.Count * 2);
        for (int i = 1; i < path.Count; i++)
        {
            Assert.True(path[i].Time > path[i - 1].Time);
            Assert.True(path[i].CandleIndex >= path[i - 1].CandleIndex);
            var c = candles[path[i].CandleIndex];
            Assert.InRange(path[i].Price, c.Low, c.High);
        }

        Assert.Equal(85_000m, path.Min(p => p.Price)); // the wick is in the path
    }

    [Fact]
    public void Window_keeps_candles_in_the_half_open_interval()
    {
        var candles = SmallCrash();
        var w = PricePath.Window(candles, candles[2].OpenTime, candles[5].OpenTime);
        Assert.Equal([2, 3, 4], w.Select(c => candles.ToList().IndexOf(c)));
    }

    [Fact]
    public void Real_candle_file_of_10_October_2025_builds_a_path_through_its_low()
    {
        var data = TestData.DataFolder();
        var candles = Candle.ReadCsv(Path.Combine(data, "binance_klines", "binance_usdm_BTCUSDT_perp_1m_2025-10-10T2011_2220.csv"));
        Assert.Equal(130, candles.Count);
        var path = PricePath.FromCandles(candles, 0.1m);
        Assert.Equal(candles.Min(c => c.Low), path.Min(p => p.Price));
        Assert.Equal(candles[0].Open, path[0].Price);
        Assert.Equal(candles[^1].Close, path[^1].Price);
    }
}
