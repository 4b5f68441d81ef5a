using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Accounts;

/// <summary>
/// An account's position in one market: signed size and the exact signed cost basis, so that
/// <c>uPnL = quantity x mark x valuePerLotTick − cost</c> in micro-units, with no rounding.
/// </summary>
public class Position
{
    /// <summary>Signed size in lots.</summary>
    public Quantity Quantity { get; private set; }

    /// <summary>Signed cost basis in micro-units (what was paid for a long, minus what was received for a short).</summary>
    public Money Cost { get; private set; }

    /// <summary>The market it is in (null for a free-standing position built for planning or tests).</summary>
    internal MarketState? Market { get; init; }

    /// <summary>The market's name, or null.</summary>
    internal string? MarketName => Market?.Id.Value;

    /// <summary>True while the market's holder list has this position (see <c>MarketHolders</c>).</summary>
    internal bool Listed { get; set; }

    /// <summary>Its index in the market's holder arrays (see <c>MarketHolders</c>), or −1 while not in them.</summary>
    internal int Slot { get; set; } = -1;

    /// <summary>
    /// The market's funding index when this position last settled its funding (<c>funding: "index"</c>; zero
    /// otherwise): it owes <c>lots x (index − this)</c> 10⁻⁹ micro-units since.
    /// </summary>
    public Int128 FundingSnapshot
    {
        get => this is IndexedPosition indexed ? indexed.Snapshot : 0;
        internal set
        {
            if (this is IndexedPosition indexed)
                indexed.Snapshot = value;
            else if (value != 0)
                throw new InvalidOperationException("a funding snapshot on a position of a market not funded by index");
        }
    }

    /// <summary>
    /// The funding the position has accrued and not settled, in micro-units, signed as a balance change: a payer's is
    /// minus the ceiling of what it owes, a receiver's the floor of what it is owed (rounded against the account).
    /// </summary>
    internal long UnsettledFunding(out Int128 residue)
    {
        residue = 0;
        if (Market is not { } m || FundingSnapshot == m.FundingIndex || Quantity.IsZero)
            return 0;
        Int128 owed = checked(Quantity.Lots * (m.FundingIndex - FundingSnapshot));
        if (owed >= long.MinValue && owed <= long.MaxValue)
        {
            // the common case in 64 bits: a 128-bit division is a software routine, read on every balance of the account
            long o = (long)owed, charged64 = o / Rate.Scale;
            if (o % Rate.Scale > 0)
                charged64++; // ceiling (C# division truncates toward zero: only a positive remainder rounds up)
            residue = (Int128)charged64 * Rate.Scale - owed;
            return -charged64;
        }

        Int128 charged = FixedPoint.CeilDiv(owed, Rate.Scale);
        residue = charged * Rate.Scale - owed;
        return FixedPoint.ToLong(-charged);
    }

    /// <summary>True when the position is flat.</summary>
    public bool IsFlat => Quantity.IsZero;

    /// <summary>Unrealized PnL at a price.</summary>
    public Money UnrealizedPnl(MarketSpec spec, Price mark) => spec.Value(Quantity, mark) - Cost;

    /// <summary>
    /// Applies a fill of <paramref name="delta"/> lots (positive = buy) at <paramref name="price"/>
    /// and returns the PnL it realizes. Closing part of a position removes the same share of the cost
    /// basis (truncated toward zero); where that truncation lands only moves PnL between realized and
    /// unrealized, never creates or destroys money.
    /// </summary>
    public Money Apply(Quantity delta, Price price, MarketSpec spec)
    {
        if (delta.IsZero)
            return Money.Zero;
        if (Quantity.IsZero || Quantity.Sign == delta.Sign)
        {
            Cost += spec.Value(delta, price);
            Quantity += delta;
            return Money.Zero;
        }

        long closing = Math.Min(Math.Abs(delta.Lots), Math.Abs(Quantity.Lots));
        var closed = new Quantity(Quantity.Sign * closing);
        Money removed = closing == Math.Abs(Quantity.Lots)
            ? Cost
            : new Money(FixedPoint.ToLong((Int128)Cost.Micros * closing / Math.Abs(Quantity.Lots)));
        Money realized = spec.Value(closed, price) - removed;
        Cost -= removed;
        Quantity -= closed;
        var rest = delta + closed; // what is left of the fill after closing: opens the other side
        if (!rest.IsZero)
        {
            Cost += spec.Value(rest, price);
            Quantity += rest;
        }

        return realized;
    }

    /// <summary>Sets size and cost basis (restoring an image into a position just added for its market).</summary>
    internal void Restore(Quantity quantity, Money cost)
    {
        Quantity = quantity;
        Cost = cost;
    }

    /// <summary>A new position in <paramref name="market"/>: one that can hold a funding snapshot when the market is funded by index.</summary>
    internal static Position In(MarketState market) => market.IndexedFunding ? new IndexedPosition { Market = market } : new Position { Market = market };

    /// <summary>A copy, for planning without touching the ledger.</summary>
    public Position Clone() => new() { Quantity = Quantity, Cost = Cost };
}

/// <summary>
/// A position in a market funded by index, with the index at its last settlement: a subclass so that the positions of the
/// default per-account funding carry no 16-byte field they never use (at a million accounts, 16 MB).
/// </summary>
internal sealed class IndexedPosition : Position
{
    /// <summary>The market's funding index when the position last settled.</summary>
    public Int128 Snapshot { get; set; }
}
