namespace SocialLoss.Core.Numbers;

/// <summary>
/// A signed position or order size in lots of one market (its lot size gives the units).
/// Positive = long / buy, negative = short / sell.
/// </summary>
public readonly record struct Quantity(long Lots) : IComparable<Quantity>
{
    /// <summary>No quantity.</summary>
    public static readonly Quantity Zero = new(0);

    /// <summary>True for no quantity.</summary>
    public bool IsZero => Lots == 0;

    /// <summary>+1 long, −1 short, 0 flat.</summary>
    public int Sign => Math.Sign(Lots);

    /// <summary>The size without its sign.</summary>
    public Quantity Abs => new(Math.Abs(Lots));

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Lots.CompareTo(other.Lots);

#pragma warning disable CS1591
    public static Quantity operator +(Quantity a, Quantity b) => new(checked(a.Lots + b.Lots));
    public static Quantity operator -(Quantity a, Quantity b) => new(checked(a.Lots - b.Lots));
    public static Quantity operator -(Quantity a) => new(checked(-a.Lots));
    public static bool operator <(Quantity a, Quantity b) => a.Lots < b.Lots;
    public static bool operator >(Quantity a, Quantity b) => a.Lots > b.Lots;
    public static bool operator <=(Quantity a, Quantity b) => a.Lots <= b.Lots;
    public static bool operator >=(Quantity a, Quantity b) => a.Lots >= b.Lots;
#pragma warning restore CS1591

    /// <summary>The number of lots.</summary>
    public override string ToString() => Lots.ToString(System.Globalization.CultureInfo.InvariantCulture) + " lots";
}
