using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Accounts;

/// <summary>
/// An account's position in one market: signed size and the exact signed cost basis, so that
/// <c>uPnL = quantity x mark x valuePerLotTick − cost</c> in micro-units, with no rounding.
/// </summary>
public sealed class Position
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

    /// <summary>A copy, for planning without touching the ledger.</summary>
    public Position Clone() => new() { Quantity = Quantity, Cost = Cost };
}
