using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>
/// Fair ADL: instead of closing the top of a queue completely, every opposing position is reduced by its
/// capped pro-rata share — lots in proportion to its unrealized profit, at most its size — by water-filling
/// in whole lots, exactly covering the close-out (remainder by largest remainder, ties by account id).
/// Since each closed lot costs its holder the same |close price − mark|, each winner gives up the same share
/// of profit: Chitra's capped pro-rata (arXiv 2512.01112), the unique rule that is Sybil-resistant,
/// scale-invariant and monotone. If the winners cannot cover it, the rest is spread over the remaining
/// opposing positions by size.
/// </summary>
internal static class FairAdl
{
    public static List<(Account Winner, long Lots, int Rank)> Allocate(Ledger ledger, MarketState market, List<AdlOpposing> candidates, long lots)
    {
        var mark = market.RequireMark();
        var profits = new long[candidates.Count];
        var left = new long[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            profits[i] = Math.Max(0, candidates[i].Account.PositionIn(market.Id)!.UnrealizedPnl(market.Spec, mark).Micros);
            left[i] = candidates[i].Left;
        }

        var first = WaterFilling.Allocate(lots, profits, left);
        long got = first.Sum();
        if (got < lots)
        {
            var capacity = new long[candidates.Count];
            for (int i = 0; i < capacity.Length; i++)
                capacity[i] = left[i] - first[i];
            var second = WaterFilling.Allocate(lots - got, capacity, capacity);
            for (int i = 0; i < first.Length; i++)
                first[i] += second[i];
        }

        // Ranks: by profit, highest first, ties by account id (the candidates are in id order).
        return AdlAllocator.InRankOrder(candidates, first, AdlAllocator.Ranks(candidates.Count, i => profits[i]));
    }
}
