namespace SocialLoss.Core.Numbers;

/// <summary>An account's name. Ordered ordinally, which is the engine's tie-break everywhere.</summary>
public readonly record struct AccountId(string Value) : IComparable<AccountId>
{
    /// <summary>The built-in external-liquidity account: the book's counterparty, not margined.</summary>
    public static readonly AccountId Market = new("market");

    /// <summary>The built-in insurance fund account.</summary>
    public static readonly AccountId Insurance = new("insurance");

    /// <summary>True for the built-in accounts that are never margined, liquidated or clawed back.</summary>
    public bool IsBuiltIn => Value == Market.Value || Value == Insurance.Value;

    /// <inheritdoc />
    public int CompareTo(AccountId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>The name.</summary>
    public override string ToString() => Value;
}
