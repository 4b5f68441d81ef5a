using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>A listed market in a <see cref="LedgerImage"/>.</summary>
/// <param name="Spec">The market's specification.</param>
/// <param name="Mark">The latest mark, or null before the first trade or mark.</param>
/// <param name="Bids">Bids left for liquidations, best first.</param>
/// <param name="Asks">Asks left for liquidations, best first.</param>
/// <param name="PreviousMark">The mark before <paramref name="Mark"/> (ADL at <c>previous-mark</c> reads it), or null.</param>
/// <param name="FundingIndex">The cumulative funding index (<c>funding: "index"</c>), 10⁻⁹ micro-units per lot.</param>
/// <param name="FundingRemainder">What the funding settlements' rounding kept, 10⁻⁹ micro-units.</param>
public sealed record MarketImage(MarketSpec Spec, Price? Mark, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks, Price? PreviousMark = null,
    Int128 FundingIndex = default, Int128 FundingRemainder = default);
