using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Markets;

/// <summary>
/// A linear perpetual: prices in ticks, sizes in lots, and the value of one lot moving one tick
/// (<see cref="ValuePerLotTick"/>) a whole number of micro-units, so every notional is exact.
/// </summary>
public sealed class MarketSpec
{
    private MarketSpec(MarketId id, decimal tickSize, decimal lotSize, long valuePerLotTick,
        Rate initialMargin, Rate maintenanceMargin, Rate liquidationFee, MarginSchedule schedule, Rate priceBand)
    {
        PriceBand = priceBand;
        Id = id;
        TickSize = tickSize;
        LotSize = lotSize;
        ValuePerLotTick = valuePerLotTick;
        InitialMargin = initialMargin;
        MaintenanceMargin = maintenanceMargin;
        LiquidationFee = liquidationFee;
        Schedule = schedule;
        _tick = Grid.Of(tickSize);
        _lot = Grid.Of(lotSize);
    }

    // The tick and lot sizes as integer mantissa and decimal scale, for the integer conversion of a trade's price and size.
    private readonly Grid _tick, _lot;

    /// <summary>The market's name.</summary>
    public MarketId Id { get; }

    /// <summary>Price increment, in settlement units per unit of the underlying.</summary>
    public decimal TickSize { get; }

    /// <summary>Size increment, in units of the underlying.</summary>
    public decimal LotSize { get; }

    /// <summary>Micro-units of value of one lot at a price of one tick.</summary>
    public long ValuePerLotTick { get; }

    /// <summary>Flat initial-margin rate (the open-ended bracket when tiers are given).</summary>
    public Rate InitialMargin { get; }

    /// <summary>Flat maintenance-margin rate (the open-ended bracket when tiers are given).</summary>
    public Rate MaintenanceMargin { get; }

    /// <summary>Liquidation fee rate on close-out notional, paid to the insurance fund.</summary>
    public Rate LiquidationFee { get; }

    /// <summary>
    /// The widest a trade's price may be from the mark, as a fraction of the mark (0.1: within 10%); zero when the
    /// market has no band. A trade outside it is rejected (code <c>priceBand</c>), as venues refuse orders priced too
    /// far from the mark (Binance's PERCENT_PRICE filter, BitMEX's fat-finger limits).
    /// </summary>
    public Rate PriceBand { get; }

    /// <summary>Margin brackets, including the flat rates.</summary>
    public MarginSchedule Schedule { get; }

    /// <summary>
    /// Validates and builds a market. Returns null and an error naming the field when the
    /// specification is not usable.
    /// </summary>
    public static MarketSpec? Create(MarketId id, decimal tickSize, decimal lotSize, Rate initialMargin,
        Rate maintenanceMargin, Rate liquidationFee, IReadOnlyList<MarginTier> tiers, out string? error) =>
        Create(id, tickSize, lotSize, initialMargin, maintenanceMargin, liquidationFee, tiers, Rate.Zero, out error);

    /// <summary>
    /// Validates and builds a market with a price band (<see cref="PriceBand"/>; zero: none). Returns null and an
    /// error naming the field when the specification is not usable.
    /// </summary>
    public static MarketSpec? Create(MarketId id, decimal tickSize, decimal lotSize, Rate initialMargin,
        Rate maintenanceMargin, Rate liquidationFee, IReadOnlyList<MarginTier> tiers, Rate priceBand, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(id.Value))
            error = "market: expected a non-empty market name";
        else if (tickSize <= 0)
            error = "tickSize: must be greater than 0";
        else if (lotSize <= 0)
            error = "lotSize: must be greater than 0";
        if (error is not null)
            return null;

        decimal vpt = tickSize * lotSize * Money.Scale;
        if (vpt != decimal.Truncate(vpt) || vpt < 1 || vpt > long.MaxValue)
        {
            error = $"tickSize x lotSize must be a whole number of micro-units (0.000001); {FixedPoint.Normalize(tickSize)} x {FixedPoint.Normalize(lotSize)} is not";
            return null;
        }

        error = CheckRates("", initialMargin, maintenanceMargin);
        if (error is null && (liquidationFee.Ppb < 0 || liquidationFee.Ppb > Rate.Scale))
            error = "liquidationFee: must be between 0 and 1";
        if (error is null && (priceBand.Ppb < 0 || priceBand.Ppb > Rate.Scale))
            error = "priceBand: must be between 0 (no band) and 1";
        long previous = 0;
        for (int i = 0; error is null && i < tiers.Count; i++)
        {
            var t = tiers[i];
            if (t.MaxNotional.Micros <= previous)
                error = $"tiers[{i}].maxNotional: must be greater than {(i == 0 ? "0" : "the previous tier's")}";
            else
                error = CheckRates($"tiers[{i}].", t.InitialMargin, t.MaintenanceMargin);
            previous = t.MaxNotional.Micros;
        }

        if (error is not null)
            return null;

        var schedule = new MarginSchedule(tiers, initialMargin, maintenanceMargin);
        return new MarketSpec(id, tickSize, lotSize, (long)vpt, initialMargin, maintenanceMargin, liquidationFee, schedule, priceBand);
    }

    private static string? CheckRates(string prefix, Rate im, Rate mm)
    {
        if (mm.Ppb <= 0 || mm.Ppb >= Rate.Scale)
            return prefix + "maintenanceMargin: must be greater than 0 and less than 1";
        if (im.Ppb < mm.Ppb || im.Ppb > Rate.Scale)
            return prefix + "initialMargin: must be at least maintenanceMargin and at most 1";
        return null;
    }

    /// <summary>Signed value of a quantity at a price: <c>lots x ticks x valuePerLotTick</c>.</summary>
    public Money Value(Quantity q, Price p) => new(FixedPoint.ToLong((Int128)q.Lots * p.Ticks * ValuePerLotTick));

    /// <summary>
    /// The largest value a market's open interest may reach (10^18 micro-units, a trillion of the quote currency):
    /// every position is at most the open interest, so positions, their costs and an account's sum over a few
    /// markets stay far inside 64 bits, and no mark or trade can make the checked arithmetic overflow mid-command.
    /// </summary>
    public static readonly Money MaxOpenValue = new(1_000_000_000_000_000_000);

    /// <summary>True when <paramref name="q"/> lots at <paramref name="p"/> are worth at most <see cref="MaxOpenValue"/>.</summary>
    public bool FitsOpenValue(Quantity q, Price p)
    {
        // lots and ticks are both below 2^63 / 1024, so their product fits Int128; compare with the quotient to
        // keep the third factor out of it (a * v <= M  <=>  a <= floor(M / v) for whole numbers)
        Int128 lotTicks = (Int128)Math.Abs(q.Lots) * p.Ticks;
        return lotTicks <= MaxOpenValue.Micros / ValuePerLotTick;
    }

    /// <summary>Unsigned notional of a quantity at a price.</summary>
    public Money Notional(Quantity q, Price p) => new(FixedPoint.ToLong((Int128)Math.Abs(q.Lots) * p.Ticks * ValuePerLotTick));

    /// <summary>Converts a decimal price to ticks; fails if it is not on the tick grid.</summary>
    public bool TryPrice(decimal price, out Price result, out string? error)
    {
        // Every trade and mark converts its price: integer arithmetic on the decimal's mantissa and scale when that decides
        // it (on the grid, in range), the decimal division only for the rest (off the grid, out of range, odd sizes), so
        // the answers and their errors are the decimal path's (MarketSpecConversionTest).
        if (_tick.TryCount(price, 0, out long ticks))
        {
            result = new Price(ticks);
            error = null;
            return true;
        }

        return TryPriceDecimal(price, out result, out error);
    }

    /// <summary>Converts a decimal size to lots; fails if it is not a whole number of lots.</summary>
    public bool TryQuantity(decimal quantity, out Quantity result, out string? error)
    {
        if (_lot.TryCount(quantity, -(long.MaxValue / 1024), out long lots))
        {
            result = new Quantity(lots);
            error = null;
            return true;
        }

        return TryQuantityDecimal(quantity, out result, out error);
    }

    private bool TryPriceDecimal(decimal price, out Price result, out string? error)
    {
        result = Price.Zero;
        error = null;
        var ticks = price / TickSize;
        if (ticks != decimal.Truncate(ticks))
        {
            error = $"price {FixedPoint.Normalize(price)} is not a multiple of the tick size {FixedPoint.Normalize(TickSize)} of {Id}";
            return false;
        }

        if (ticks > long.MaxValue / 1024 || ticks < 0)
        {
            error = $"price {FixedPoint.Normalize(price)} is out of range";
            return false;
        }

        result = new Price((long)ticks);
        return true;
    }

    private bool TryQuantityDecimal(decimal quantity, out Quantity result, out string? error)
    {
        result = Quantity.Zero;
        error = null;
        var lots = quantity / LotSize;
        if (lots != decimal.Truncate(lots))
        {
            error = $"quantity {FixedPoint.Normalize(quantity)} is not a multiple of the lot size {FixedPoint.Normalize(LotSize)} of {Id}";
            return false;
        }

        if (lots > long.MaxValue / 1024 || lots < -(long.MaxValue / 1024))
        {
            error = $"quantity {FixedPoint.Normalize(quantity)} is out of range";
            return false;
        }

        result = new Quantity((long)lots);
        return true;
    }

    /// <summary>
    /// A grid step (tick or lot size) as <c>mantissa x 10^-scale</c>. Counting steps in a decimal <c>m x 10^-s</c> is
    /// then exact integer arithmetic: <c>m x 10^(scale - s) / mantissa</c>, a whole number or not.
    /// </summary>
    private readonly struct Grid
    {
        private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
            10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
            10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000];

        private readonly long _mantissa; // 0: the size does not fit (the decimal path decides everything)
        private readonly int _scale;

        private Grid(long mantissa, int scale)
        {
            _mantissa = mantissa;
            _scale = scale;
        }

        public static Grid Of(decimal size)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(size, bits);
            if (bits[2] != 0 || bits[1] < 0 || size <= 0)
                return default; // a mantissa past 2^63, or not positive (Create refuses those anyway)
            return new Grid(((long)bits[1] << 32) | unchecked((uint)bits[0]), size.Scale);
        }

        /// <summary>
        /// The number of steps in <paramref name="value"/> when it is a whole number of them in [<paramref name="min"/>,
        /// long.MaxValue / 1024]; false when the integer arithmetic cannot say so (the caller asks the decimal path).
        /// </summary>
        public bool TryCount(decimal value, long min, out long count)
        {
            count = 0;
            if (_mantissa == 0)
                return false;
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            if (bits[2] != 0 || bits[1] < 0)
                return false; // a mantissa past 2^63
            Int128 m = ((long)bits[1] << 32) | unchecked((uint)bits[0]);
            if (bits[3] < 0)
                m = -m; // the sign bit
            int shift = _scale - value.Scale;
            Int128 n, d;
            if (shift >= 0)
            {
                if (shift >= Pow10.Length)
                    return false;
                (n, d) = (m * Pow10[shift], _mantissa); // |m| < 2^63 and 10^shift < 2^60: inside Int128
            }
            else
            {
                if (-shift >= Pow10.Length)
                    return false;
                (n, d) = (m, (Int128)_mantissa * Pow10[-shift]);
            }

            var (q, r) = Int128.DivRem(n, d);
            if (r != 0 || q > long.MaxValue / 1024 || q < min)
                return false;
            count = (long)q;
            return true;
        }
    }

    /// <summary>A price as a decimal in settlement units.</summary>
    public decimal ToDecimal(Price p) => p.Ticks * TickSize;

    /// <summary>A quantity as a decimal in units of the underlying.</summary>
    public decimal ToDecimal(Quantity q) => q.Lots * LotSize;

    /// <summary>A price as a decimal string ("650").</summary>
    public string Format(Price p) => FixedPoint.Normalize(ToDecimal(p));

    /// <summary>A quantity as a decimal string ("0.5").</summary>
    public string Format(Quantity q) => FixedPoint.Normalize(ToDecimal(q));
}
