using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Markets;

/// <summary>A level of external liquidity: a price and the size available there.</summary>
public readonly record struct BookLevel(Price Price, Quantity Quantity);
