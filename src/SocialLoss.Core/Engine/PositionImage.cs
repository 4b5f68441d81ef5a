using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>A position in an <see cref="AccountImage"/>: the market, the signed size and the exact signed cost basis.</summary>
/// <param name="Market">The market.</param>
/// <param name="Quantity">Signed size in lots (zero for a position that was closed).</param>
/// <param name="Cost">Signed cost basis in micro-units.</param>
/// <param name="FundingSnapshot">The market's funding index at the position's last funding settlement (<c>funding: "index"</c>).</param>
public sealed record PositionImage(MarketId Market, Quantity Quantity, Money Cost, Int128 FundingSnapshot = default);
