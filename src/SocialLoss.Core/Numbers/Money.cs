namespace SocialLoss.Core.Numbers;

/// <summary>
/// An amount of the settlement asset in micro-units (1e-6). All accounting is done in this type;
/// arithmetic is checked so an overflow is a bug that stops the engine, never a silent wrap.
/// </summary>
public readonly record struct Money(long Micros) : IComparable<Money>
{
    /// <summary>Micro-units per whole unit of the settlement asset.</summary>
    public const long Scale = 1_000_000;

    /// <summary>Decimal places of the settlement asset.</summary>
    public const int Decimals = 6;

    /// <summary>No money.</summary>
    public static readonly Money Zero = new(0);

    /// <summary>True when the amount is above zero.</summary>
    public bool IsPositive => Micros > 0;

    /// <summary>True when the amount is below zero.</summary>
    public bool IsNegative => Micros < 0;

    /// <summary>The amount from whole units.</summary>
    public static Money FromUnits(long units) => new(checked(units * Scale));

    /// <summary>Parses a decimal string ("123.45"); at most six decimal places.</summary>
    public static bool TryParse(string text, out Money money, out string? error)
    {
        if (FixedPoint.TryParse(text, Decimals, out var micros, out error))
        {
            money = new Money(micros);
            return true;
        }

        money = Zero;
        return false;
    }

    /// <summary>Parses a decimal string or throws <see cref="FormatException"/>.</summary>
    public static Money Parse(string text) =>
        TryParse(text, out var m, out var error) ? m : throw new FormatException(error);

    /// <inheritdoc />
    public int CompareTo(Money other) => Micros.CompareTo(other.Micros);

    /// <summary>The larger of two amounts.</summary>
    public static Money Max(Money a, Money b) => a.Micros >= b.Micros ? a : b;

    /// <summary>The smaller of two amounts.</summary>
    public static Money Min(Money a, Money b) => a.Micros <= b.Micros ? a : b;

#pragma warning disable CS1591 // operators are self-describing
    public static Money operator +(Money a, Money b) => new(checked(a.Micros + b.Micros));
    public static Money operator -(Money a, Money b) => new(checked(a.Micros - b.Micros));
    public static Money operator -(Money a) => new(checked(-a.Micros));
    public static bool operator <(Money a, Money b) => a.Micros < b.Micros;
    public static bool operator >(Money a, Money b) => a.Micros > b.Micros;
    public static bool operator <=(Money a, Money b) => a.Micros <= b.Micros;
    public static bool operator >=(Money a, Money b) => a.Micros >= b.Micros;
#pragma warning restore CS1591

    /// <summary>The decimal string, without trailing zeros ("1000.5").</summary>
    public override string ToString() => FixedPoint.Format(Micros, Decimals);
}
