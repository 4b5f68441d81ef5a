namespace SocialLoss.Simulation;

/// <summary>One point of a price path: the mark at that point and the candle it belongs to.</summary>
/// <param name="Index">0-based position in the path.</param>
/// <param name="Time">Time of the point (the candle's open time plus the leg's share of the candle).</param>
/// <param name="Price">The mark, rounded to the market's tick.</param>
/// <param name="Candle">The candle this point was taken from.</param>
/// <param name="CandleIndex">0-based index of that candle in the window.</param>
public sealed record PathStep(int Index, DateTime Time, decimal Price, Candle Candle, int CandleIndex);

/// <summary>
/// A mark-price path built from candles: each candle becomes open → first extreme → second extreme →
/// close, where a falling candle (close &lt; open) visits its high first and then its low, and a rising one its
/// low first and then its high, so that a wick liquidates as it did (the conventional OHLC path
/// assumption). Consecutive equal prices are dropped.
/// </summary>
public static class PricePath
{
    /// <summary>Builds the path of <paramref name="candles"/>, prices rounded to <paramref name="tickSize"/>.</summary>
    public static IReadOnlyList<PathStep> FromCandles(IReadOnlyList<Candle> candles, decimal tickSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tickSize, 0m);
        var steps = new List<PathStep>(candles.Count * 4);
        decimal? last = null;
        TimeSpan width = candles.Count > 1 ? candles[1].OpenTime - candles[0].OpenTime : TimeSpan.FromMinutes(1);
        if (width <= TimeSpan.Zero)
            width = TimeSpan.FromMinutes(1);
        for (int i = 0; i < candles.Count; i++)
        {
            var c = candles[i];
            var (first, second) = c.IsUp ? (c.Low, c.High) : (c.High, c.Low);
            ReadOnlySpan<decimal> legs = [c.Open, first, second, c.Close];
            for (int k = 0; k < legs.Length; k++)
            {
                var price = Math.Round(legs[k] / tickSize, MidpointRounding.AwayFromZero) * tickSize;
                if (price <= 0 || price == last)
                    continue;
                last = price;
                var time = c.OpenTime + width * (k / 4.0);
                steps.Add(new PathStep(steps.Count, time, price, c, i));
            }
        }

        return steps;
    }

    /// <summary>The candles of <paramref name="candles"/> whose open time is in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static IReadOnlyList<Candle> Window(IReadOnlyList<Candle> candles, DateTime? from, DateTime? to) =>
        candles.Where(c => (from is null || c.OpenTime >= from) && (to is null || c.OpenTime < to)).ToList();
}
