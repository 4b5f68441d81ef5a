namespace SocialLoss.Core.Numbers;

/// <summary>
/// A dimensionless rate (margin rate, fee rate, funding rate) in parts per billion, so that
/// 0.0001 funding or a 0.025 maintenance rate are exact.
/// </summary>
public readonly record struct Rate(long Ppb) : IComparable<Rate>
{
    /// <summary>Parts per billion in one whole (a rate of 1 = 100%).</summary>
    public const long Scale = 1_000_000_000;

    /// <summary>Decimal places a rate may have.</summary>
    public const int Decimals = 9;

    /// <summary>A zero rate.</summary>
    public static readonly Rate Zero = new(0);

    /// <summary>A rate of one (100%).</summary>
    public static readonly Rate One = new(Scale);

    /// <summary>Parses a decimal string ("0.025"); at most nine decimal places.</summary>
    public static bool TryParse(string text, out Rate rate, out string? error)
    {
        if (FixedPoint.TryParse(text, Decimals, out var ppb, out error))
        {
            rate = new Rate(ppb);
            return true;
        }

        rate = Zero;
        return false;
    }

    /// <summary>Parses a decimal string or throws <see cref="FormatException"/>.</summary>
    public static Rate Parse(string text) =>
        TryParse(text, out var r, out var error) ? r : throw new FormatException(error);

    /// <summary>rate x amount, rounded toward positive infinity (what a payer owes is never understated).</summary>
    public Money ApplyCeiling(Money amount) =>
        new(FixedPoint.ToLong(FixedPoint.CeilDiv((Int128)amount.Micros * Ppb, Scale)));

    /// <summary>rate x amount, rounded toward negative infinity.</summary>
    public Money ApplyFloor(Money amount) =>
        new(FixedPoint.ToLong(FixedPoint.FloorDiv((Int128)amount.Micros * Ppb, Scale)));

    /// <inheritdoc />
    public int CompareTo(Rate other) => Ppb.CompareTo(other.Ppb);

    /// <summary>The decimal string ("0.025").</summary>
    public override string ToString() => FixedPoint.Format(Ppb, Decimals);
}
