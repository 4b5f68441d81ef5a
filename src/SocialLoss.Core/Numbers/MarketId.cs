namespace SocialLoss.Core.Numbers;

/// <summary>A market's name ("BTC-PERP"), ordered ordinally.</summary>
public readonly record struct MarketId(string Value) : IComparable<MarketId>
{
    /// <inheritdoc />
    public int CompareTo(MarketId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>The name.</summary>
    public override string ToString() => Value;
}
