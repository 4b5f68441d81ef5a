using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// The engine's bounds, which make it total: a command that would take a total past them is a <c>rejected</c> event
/// (code <c>overflow</c>) instead of an <see cref="OverflowException"/> in the middle of its events.
/// Every total of money the ledger keeps (net deposits, an account's balance, principal and default-fund
/// contribution, the insurance fund, skin in the game) stays at or below <see cref="MaxTotal"/> (10^18 micro-units,
/// a trillion of the settlement asset), and the open interest of all markets together is worth at most
/// <see cref="MarketSpec.MaxOpenValue"/> (the same 10^18) at each market's mark and at a trade's price. A long holds
/// 9.2 x 10^18, so a balance, its unrealized PnL and the sums over all accounts stay inside 64 bits with headroom
/// (products are computed in <see cref="Int128"/>).
/// </summary>
public static class Bounds
{
    /// <summary>The largest total of money the engine keeps in any one sum: 10^18 micro-units.</summary>
    public static readonly Money MaxTotal = new(1_000_000_000_000_000_000);

    /// <summary>True when every total in <paramref name="totals"/> plus <paramref name="amount"/> stays within <see cref="MaxTotal"/>.</summary>
    public static bool FitsTotals(Money amount, params ReadOnlySpan<Money> totals)
    {
        foreach (var t in totals)
            if ((Int128)t.Micros + amount.Micros > MaxTotal.Micros)
                return false;
        return true;
    }

    /// <summary>
    /// True when the open interest of every market, with <paramref name="market"/>'s at <paramref name="openInterest"/>
    /// valued at both its mark and <paramref name="price"/>, is worth at most <see cref="MarketSpec.MaxOpenValue"/> in all.
    /// </summary>
    public static bool FitsOpenValue(Ledger ledger, MarketState market, Quantity openInterest, Price price)
    {
        if (!market.Spec.FitsOpenValue(openInterest, price) || (market.Mark is { } own && !market.Spec.FitsOpenValue(openInterest, own)))
            return false;
        if (ledger.Markets.Count == 1)
            return true;
        var highest = market.Mark is { } m && m > price ? m : price;
        Int128 total = (Int128)Math.Abs(openInterest.Lots) * highest.Ticks * market.Spec.ValuePerLotTick;
        foreach (var other in ledger.Markets.Values)
        {
            if (ReferenceEquals(other, market) || other.Mark is not { } mark)
                continue;
            total += (Int128)other.OpenInterest.Lots * mark.Ticks * other.Spec.ValuePerLotTick;
        }

        return total <= MarketSpec.MaxOpenValue.Micros;
    }

    /// <summary>
    /// True when <paramref name="price"/> is within <paramref name="band"/> (a fraction) of <paramref name="mark"/>:
    /// <c>|price − mark| ≤ band × mark</c>, exactly (ticks times parts per billion in <see cref="Int128"/>).
    /// </summary>
    public static bool WithinBand(Price price, Price mark, Rate band) =>
        (Int128)Math.Abs(price.Ticks - mark.Ticks) * Rate.Scale <= (Int128)band.Ppb * mark.Ticks;
}
