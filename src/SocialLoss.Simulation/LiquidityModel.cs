namespace SocialLoss.Simulation;

/// <summary>
/// Parameters of the liquidity model: how much of the book is there for liquidations at each step.
/// </summary>
/// <param name="DepthShare">Depth on each side, per step, as a share of the population's long open interest
/// (base units), in a candle of median volume at the running high. Default 0.02.</param>
/// <param name="VolumeElasticity">Depth scales with <c>(candle volume / median volume)^VolumeElasticity</c>. Default 0.5.</param>
/// <param name="Levels">Price levels per side. Default 10.</param>
/// <param name="RangeMultiple">The levels of a side span this multiple of the candle's range (high − low),
/// evenly, starting one gap away from the mark; at least one tick apart. Default 1.</param>
/// <param name="Thinning">How the book thins as the price falls: bid depth is multiplied by
/// <c>(price / running high)^Thinning</c> (ask depth by <c>(running low / price)^Thinning</c>). 0 = no thinning;
/// the default 8 leaves 43% of the depth after a 10% fall and 17% after a 20% fall.</param>
public sealed record LiquidityParameters(
    double DepthShare = 0.02,
    double VolumeElasticity = 0.5,
    int Levels = 10,
    double RangeMultiple = 1.0,
    double Thinning = 8.0);

/// <summary>One side of a generated book: (price, quantity) levels, best first.</summary>
/// <param name="Bids">Buy levels, highest first.</param>
/// <param name="Asks">Sell levels, lowest first.</param>
public sealed record BookSnapshot(IReadOnlyList<(decimal Price, decimal Quantity)> Bids, IReadOnlyList<(decimal Price, decimal Quantity)> Asks)
{
    /// <summary>Total bid quantity.</summary>
    public decimal BidDepth => Bids.Sum(l => l.Quantity);

    /// <summary>Total ask quantity.</summary>
    public decimal AskDepth => Asks.Sum(l => l.Quantity);
}

/// <summary>
/// Book depth per path step, derived from the candle's volume and range and thinning as the price
/// falls: liquidations walk these levels, so a gap through thin levels produces bad debt.
/// </summary>
public sealed class LiquidityModel
{
    private readonly LiquidityParameters _p;
    private readonly decimal _tick;
    private readonly decimal _lot;
    private readonly double _referenceDepth;
    private readonly double _medianVolume;

    /// <summary>A model for a path over <paramref name="candles"/>.</summary>
    /// <param name="parameters">The model's parameters.</param>
    /// <param name="candles">The window's candles (for the median volume).</param>
    /// <param name="openInterest">The population's long open interest in base units (sets the scale).</param>
    /// <param name="tickSize">Market tick size.</param>
    /// <param name="lotSize">Market lot size.</param>
    public LiquidityModel(LiquidityParameters parameters, IReadOnlyList<Candle> candles, double openInterest, decimal tickSize, decimal lotSize)
    {
        _p = parameters;
        _tick = tickSize;
        _lot = lotSize;
        _referenceDepth = parameters.DepthShare * openInterest;
        var volumes = candles.Select(c => (double)c.Volume).Where(v => v > 0).OrderBy(v => v).ToArray();
        _medianVolume = volumes.Length == 0 ? 1 : volumes[volumes.Length / 2];
    }

    /// <summary>Total depth (base units) of one side at a step, before rounding to lots.</summary>
    public double Depth(Candle candle, decimal price, decimal runningHigh, decimal runningLow, bool bids)
    {
        double volumeFactor = Math.Pow(Math.Max((double)candle.Volume, 0) / _medianVolume, _p.VolumeElasticity);
        double ratio = bids ? (double)(price / runningHigh) : (double)(runningLow / price);
        double thin = Math.Pow(Math.Clamp(ratio, 0, 1), _p.Thinning);
        return _referenceDepth * volumeFactor * thin;
    }

    /// <summary>The book at a step: <see cref="LiquidityParameters.Levels"/> levels a side, evenly spaced over the candle's range.</summary>
    public BookSnapshot Book(Candle candle, decimal price, decimal runningHigh, decimal runningLow)
    {
        int levels = Math.Max(1, _p.Levels);
        var range = (candle.High - candle.Low) * (decimal)_p.RangeMultiple;
        var gap = Math.Max(_tick, Math.Floor(range / levels / _tick) * _tick);
        return new BookSnapshot(
            Side(Depth(candle, price, runningHigh, runningLow, bids: true), -gap),
            Side(Depth(candle, price, runningHigh, runningLow, bids: false), gap));

        List<(decimal, decimal)> Side(double depth, decimal step)
        {
            var list = new List<(decimal, decimal)>(levels);
            var lots = Math.Floor((decimal)(depth / levels) / _lot);
            if (lots <= 0)
                return list;
            for (int k = 1; k <= levels; k++)
            {
                var p = price + step * k;
                if (p <= 0)
                    break;
                list.Add((p, lots * _lot));
            }

            return list;
        }
    }
}
