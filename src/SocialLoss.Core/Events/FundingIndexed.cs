using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// A funding under <c>funding: "index"</c>: the market's cumulative funding index moved by <see cref="PerLot"/>.
/// Both are in units of 10⁻⁹ micro-unit per lot (10⁻¹⁵ of the quote currency per lot), exact:
/// <c>rate (ppb) x mark (ticks) x value per lot-tick (micro-units)</c>, so no rounding happens here. Positive: each
/// long lot owes it and each short lot is owed it. Accounts settle when their position next changes; replaying this
/// event moves the index and nothing else.
/// </summary>
/// <param name="Market">The market funded.</param>
/// <param name="Rate">The funding rate (positive: longs pay).</param>
/// <param name="PerLot">What one long lot owes for this funding, in 10⁻⁹ micro-units.</param>
/// <param name="Index">The market's cumulative index after it, in 10⁻⁹ micro-units per lot.</param>
public sealed record FundingIndexed(MarketId Market, Rate Rate, Int128 PerLot, Int128 Index) : EngineEvent
{
    /// <summary>Units of the index per micro-unit: 10⁹ (the rate's ppb scale).</summary>
    public const long Scale = Rate.Scale;
}
