using SocialLoss.Core.Accounts;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Backstop accounts take liquidated positions pro rata to their remaining capacity, each within its
/// own margin (FTX backstop liquidity providers: "pro rata to remaining capacity").
/// Source: https://help.ftx.com/hc/en-us/articles/360027668712-Liquidations
/// </summary>
internal static class Backstops
{
    /// <summary>
    /// How many lots each backstop takes of what <paramref name="plan"/> has left at <paramref name="price"/>, in account-id
    /// order; backstops that may not take it (<see cref="CloseOutPlan.MayTake"/>) are skipped.
    /// </summary>
    public static List<(Account Backstop, long Lots)> Allocate(Ledger ledger, CloseOutPlan plan, Price price)
    {
        var liquidated = plan.Account;
        var market = plan.Market;
        int side = plan.Side;
        long remaining = plan.Remaining;
        var backstops = new List<Account>();
        var capacities = new List<long>();
        foreach (var id in ledger.Backstops)
        {
            var a = ledger.Accounts[id];
            if (!a.IsBackstop || a.IsBuiltIn || a.IsDefaulted || a.Id == liquidated.Id || !plan.MayTake(id))
                continue;
            long capacity = Capacity(ledger, a, market, side, price, remaining);
            if (capacity <= 0)
                continue;
            backstops.Add(a);
            capacities.Add(capacity);
        }

        var result = new List<(Account, long)>();
        if (backstops.Count == 0)
            return result;
        long total = 0;
        foreach (var c in capacities)
            total = checked(total + c);
        long[] lots = total <= remaining ? capacities.ToArray() : LargestRemainder.Split(remaining, capacities.ToArray());
        for (int i = 0; i < backstops.Count; i++)
            if (lots[i] > 0)
                result.Add((backstops[i], lots[i]));
        return result;
    }

    /// <summary>
    /// The most lots (up to <paramref name="max"/>) the backstop can take at <paramref name="price"/> and
    /// still have equity at or above initial margin (or not increase its risk), by binary search.
    /// </summary>
    public static long Capacity(Ledger ledger, Account backstop, MarketState market, int liquidatedSide, Price price, long max)
    {
        var before = backstop.QuantityIn(market.Id);
        bool Fits(long lots)
        {
            var delta = new Quantity(liquidatedSide * lots);
            var after = before + delta;
            bool reducing = Math.Abs(after.Lots) <= Math.Abs(before.Lots) && (after.IsZero || after.Sign == before.Sign);
            if (reducing)
                return true;
            var (equity, initial) = Risk.AfterFill(ledger, backstop, market, delta, price);
            return equity >= initial;
        }

        // The lots that fit form an interval from zero only if the backstop is at or above initial margin now
        // (equity − IM is concave in the lots taken for non-decreasing tier rates); a backstop already below its
        // initial margin takes nothing, even where a deep discount would lift a large fill back above it.
        if (max > 0 && !Fits(1))
            return 0;
        var nowEquity = Risk.Equity(ledger, backstop);
        if (before.Sign != -liquidatedSide && nowEquity < Risk.InitialMargin(ledger, backstop))
            return 0;

        long lo = 0, hi = max;
        while (lo < hi)
        {
            long mid = lo + (hi - lo + 1) / 2;
            if (Fits(mid))
                lo = mid;
            else
                hi = mid - 1;
        }

        return lo;
    }
}
