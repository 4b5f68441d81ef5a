using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Markets;

/// <summary>A listed market: its specification, its mark and the liquidity left for liquidations.</summary>
public sealed class MarketState
{
    internal MarketState(MarketSpec spec) => Spec = spec;

    /// <summary>The market's specification.</summary>
    public MarketSpec Spec { get; }

    /// <summary>The market's name.</summary>
    public MarketId Id => Spec.Id;

    /// <summary>The latest mark (the first trade's price until the first <c>mark</c>); null before either.</summary>
    public Price? Mark { get; internal set; }

    /// <summary>The mark before <see cref="Mark"/> (set by a <c>mark</c> that replaces one); null until then.</summary>
    public Price? PreviousMark { get; internal set; }

    /// <summary>Bids left for liquidations, best (highest) first.</summary>
    public List<BookLevel> Bids { get; } = [];

    /// <summary>Asks left for liquidations, best (lowest) first.</summary>
    public List<BookLevel> Asks { get; } = [];

    /// <summary>Open interest: the lots held long (as many are held short), every account included.</summary>
    public Quantity OpenInterest { get; internal set; }

    /// <summary>
    /// The cumulative funding index under <c>funding: "index"</c>, in 10⁻⁹ micro-units per lot (what one long lot has
    /// owed since listing; see <see cref="Events.FundingIndexed"/>). Zero under the per-account funding.
    /// </summary>
    public Int128 FundingIndex { get; internal set; }

    /// <summary>
    /// What the settlements' rounding against the accounts has kept, in 10⁻⁹ micro-units: payers pay the ceiling and
    /// receivers receive the floor of what they accrued, and the difference stays here, with the market, so that money
    /// is conserved exactly (balances + unrealized PnL + this and the unsettled positions' rounding = net deposits +
    /// deficit; <see cref="Engine.Invariants"/>).
    /// </summary>
    public Int128 FundingRemainder { get; internal set; }

    /// <summary>True when the policy in force when the market was listed funds it by index.</summary>
    internal bool IndexedFunding { get; init; }

    /// <summary>The accounts holding a position here, for a funding to visit in account-id order.</summary>
    internal MarketHolders Holders { get; } = new();

    /// <summary>The mark, which must exist once positions do.</summary>
    public Price RequireMark() => Mark ?? throw new InvalidOperationException($"market {Id} has no mark");
}
