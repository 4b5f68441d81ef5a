using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>
/// Water-filling on leverage (Campbell, Hey, Moallemi, Nutz, "Optimal auto-deleveraging", arXiv 2603.15963): the
/// opposing positions with the highest leverage — notional at mark over account equity — are cut first, each down
/// to a common level <c>L</c>, so that every cut account ends at the same leverage and no uncut account is above it:
/// <c>x_i = max(0, q_i − L·e_i / mark)</c> with <c>Σ x_i</c> = the lots to close. In lots and micro-units the level is
/// exact (a rational), the parts are floored and the lots left over go by largest remainder (ties to the higher
/// leverage, then the lower account id). Accounts with no positive equity (infinite leverage) are cut first, whole.
/// Because the cut of an account scales with its size at a given leverage, splitting an account into two of the same
/// leverage changes nothing in total (Sybil resistance, the paper's Proposition on splitting); the multi-asset
/// version's shadow prices are not modelled: the leverage is the position's notional over the whole account's equity.
/// </summary>
internal static class LeverageAdl
{
    public static List<(Account Winner, long Lots, int Rank)> Allocate(Ledger ledger, MarketState market, List<AdlOpposing> candidates, long lots)
    {
        int n = candidates.Count;
        var parts = new long[n];
        var equity = new long[n];
        for (int i = 0; i < n; i++)
            equity[i] = Risk.Equity(ledger, candidates[i].Account).Micros;

        // leverage order: no equity first (by id), then left / equity, highest first (cross-multiplied, exact)
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) =>
        {
            bool infA = equity[a] <= 0, infB = equity[b] <= 0;
            if (infA != infB)
                return infA ? -1 : 1;
            if (!infA)
            {
                int c = ((Int128)candidates[b].Left * equity[a]).CompareTo((Int128)candidates[a].Left * equity[b]);
                if (c != 0)
                    return c;
            }

            return a.CompareTo(b);
        });
        var ranks = new int[n];
        for (int r = 0; r < n; r++)
            ranks[order[r]] = r + 1;

        long remaining = lots;
        int k0 = 0;
        while (k0 < n && equity[order[k0]] <= 0)
            k0++;
        if (k0 > 0)
        {
            var sizes = new long[k0];
            long total = 0;
            for (int j = 0; j < k0; j++)
                total += sizes[j] = candidates[order[j]].Left;
            var take = total <= remaining ? sizes : LargestRemainder.Split(remaining, sizes);
            for (int j = 0; j < k0; j++)
            {
                parts[order[j]] = take[j];
                remaining -= take[j];
            }
        }

        if (remaining > 0 && k0 < n)
            WaterFill(candidates, equity, order.AsSpan(k0), remaining, parts);
        return AdlAllocator.InRankOrder(candidates, parts, ranks);
    }

    /// <summary>Cuts the positive-equity accounts in <paramref name="order"/> (leverage, highest first) down to one level.</summary>
    private static void WaterFill(List<AdlOpposing> candidates, long[] equity, ReadOnlySpan<int> order, long lots, long[] parts)
    {
        Int128 q = 0, e = 0;
        int k = 0;
        for (; k < order.Length; k++)
        {
            q += candidates[order[k]].Left;
            e += equity[order[k]];
            if (q < lots)
                continue; // the level would be below zero: cut deeper into the queue
            if (k + 1 == order.Length)
                break;
            int next = order[k + 1];
            // level L = (q − lots) / e is at or above the next account's leverage left/equity: it is not cut
            if ((q - lots) * equity[next] >= (Int128)candidates[next].Left * e)
                break;
        }

        if (k == order.Length) // every position together is not enough: take them all
        {
            foreach (var i in order)
                parts[i] = candidates[i].Left;
            return;
        }

        // x_j = left_j − L·e_j = (left_j·e − (q − lots)·e_j) / e for the k + 1 most leveraged
        int count = k + 1;
        var floors = new long[count];
        var remainders = new Int128[count];
        long given = 0;
        for (int j = 0; j < count; j++)
        {
            int i = order[j];
            Int128 num = (Int128)candidates[i].Left * e - (q - lots) * equity[i];
            floors[j] = (long)(num / e);
            remainders[j] = num % e;
            given += floors[j];
        }

        long extra = lots - given; // < count: one more lot to the largest remainders, ties to the more leveraged
        var byRemainder = Enumerable.Range(0, count).ToArray();
        Array.Sort(byRemainder, (a, b) =>
        {
            int c = remainders[b].CompareTo(remainders[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        for (int j = 0; j < extra; j++)
            floors[byRemainder[j]]++;
        for (int j = 0; j < count; j++)
            parts[order[j]] = floors[j];
    }
}
