namespace SocialLoss.Core.Adl;

/// <summary>
/// A position's place-in-queue score: higher goes first. Scores are exact decimals of exact inputs
/// (not doubles), so the queue is the same on every machine. <see cref="Infinite"/> marks a
/// winner whose account has no equity left (infinite effective leverage).
/// </summary>
public readonly record struct AdlScore(bool Infinite, decimal Value) : IComparable<AdlScore>
{
    /// <summary>A finite score.</summary>
    public static AdlScore Of(decimal value) => new(false, value);

    /// <summary>The score that goes before every finite one.</summary>
    public static readonly AdlScore PositiveInfinity = new(true, 0m);

    /// <inheritdoc />
    public int CompareTo(AdlScore other)
    {
        if (Infinite != other.Infinite)
            return Infinite ? 1 : -1;
        return Value.CompareTo(other.Value);
    }

    /// <summary>The score as text ("inf" when infinite).</summary>
    public override string ToString() => Infinite ? "inf" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
