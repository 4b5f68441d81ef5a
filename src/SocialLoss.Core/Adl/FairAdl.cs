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
    public static List<(Account Winner, long Lots, int Rank)> Allocate(Ledger ledger, MarketState market, int liquidatedSide,
        Account liquidated, IReadOnlyDictionary<string, long> planned, long lots)
    {
        var candidates = new List<(Account Account, long Left, long Profit)>();
        foreach (var a in ledger.Accounts.Values)
        {
            if (a.IsBuiltIn || a.Id == liquidated.Id)
                continue;
            var p = a.PositionIn(market.Id);
            if (p is null || p.IsFlat)
                continue;
            long left = -liquidatedSide * (p.Quantity.Lots + planned.GetValueOrDefault(a.Id.Value));
            if (left <= 0)
                continue;
            candidates.Add((a, left, Math.Max(0, p.UnrealizedPnl(market.Spec, market.RequireMark()).Micros)));
        }

        var left0 = candidates.Select(c => c.Left).ToArray();
        var first = WaterFilling.Allocate(lots, candidates.Select(c => c.Profit).ToArray(), left0);
        long got = first.Sum();
        if (got < lots)
        {
            var capacity = candidates.Select((c, i) => c.Left - first[i]).ToArray();
            var second = WaterFilling.Allocate(lots - got, capacity, capacity);
            for (int i = 0; i < first.Length; i++)
                first[i] += second[i];
        }

        // Ranks: by profit, highest first, ties by account id (the candidates are in id order).
        var order = Enumerable.Range(0, candidates.Count).OrderByDescending(i => candidates[i].Profit).ThenBy(i => i).ToList();
        var result = new List<(Account, long, int)>();
        for (int r = 0; r < order.Count; r++)
        {
            int i = order[r];
            if (first[i] > 0)
                result.Add((candidates[i].Account, first[i], r + 1));
        }

        return result;
    }
}
