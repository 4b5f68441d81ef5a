namespace SocialLoss.Core.Numbers;

/// <summary>A price in ticks of one market (its tick size gives the units).</summary>
public readonly record struct Price(long Ticks) : IComparable<Price>
{
    /// <summary>A price of zero.</summary>
    public static readonly Price Zero = new(0);

    /// <inheritdoc />
    public int CompareTo(Price other) => Ticks.CompareTo(other.Ticks);

#pragma warning disable CS1591
    public static bool operator <(Price a, Price b) => a.Ticks < b.Ticks;
    public static bool operator >(Price a, Price b) => a.Ticks > b.Ticks;
    public static bool operator <=(Price a, Price b) => a.Ticks <= b.Ticks;
    public static bool operator >=(Price a, Price b) => a.Ticks >= b.Ticks;
#pragma warning restore CS1591

    /// <summary>The number of ticks.</summary>
    public override string ToString() => Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ticks";
}
