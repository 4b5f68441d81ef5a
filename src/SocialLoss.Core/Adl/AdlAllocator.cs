using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>One opposing position ADL may take lots from, as the close-out plans leave it.</summary>
/// <param name="Account">The account holding it.</param>
/// <param name="Left">Lots left on the opposing side (positive).</param>
internal readonly record struct AdlOpposing(Account Account, long Left);

/// <summary>
/// Chooses who takes the lots the ADL rung closes, under the configured ranking: the queue rankings walk their
/// queue, <c>fair</c>, <c>leverage</c> and <c>budgeted</c> allocate over every opposing position at once.
/// </summary>
internal static class AdlAllocator
{
    /// <summary>
    /// Allocates <paramref name="lots"/> of a liquidated <paramref name="liquidatedSide"/> over the opposing positions
    /// (accounts for which <paramref name="excluded"/> holds never take part; <paramref name="planned"/> is what fills
    /// already planned do to each position). Returns the takers with their lots and rank, in rank order; the lots sum to
    /// at most <paramref name="lots"/>. <paramref name="perLotCost"/> is what one lot costs its taker against the mark.
    /// </summary>
    public static List<(Account Winner, long Lots, int Rank)> Allocate(IEventSink sink, MarketState market, int liquidatedSide,
        Func<string, bool> excluded, IReadOnlyDictionary<string, long> planned, long lots, Money perLotCost)
    {
        var ledger = sink.Ledger;
        switch (ledger.Config.AdlRanking)
        {
            case AdlRankingKind.Fair:
                return FairAdl.Allocate(ledger, market, Opposing(market, liquidatedSide, excluded, planned), lots);
            case AdlRankingKind.Leverage:
                return LeverageAdl.Allocate(ledger, market, Opposing(market, liquidatedSide, excluded, planned), lots);
            case AdlRankingKind.Budgeted:
                return BudgetedAdl.Allocate(ledger, market, Opposing(market, liquidatedSide, excluded, planned), lots, perLotCost);
        }

        var result = new List<(Account, long, int)>();
        int place = 0;
        long remaining = lots;
        foreach (var candidate in sink.AdlQueue(market.Id, -liquidatedSide))
        {
            if (remaining == 0)
                break;
            if (excluded(candidate.Account.Id.Value))
                continue; // a liquidated account is never a counterparty
            place++;
            // -side x lots left on the opposing side once earlier planned fills are done
            long left = -liquidatedSide * (candidate.Quantity.Lots + planned.GetValueOrDefault(candidate.Account.Id.Value));
            if (left <= 0)
                continue;
            long take = Math.Min(left, remaining);
            result.Add((candidate.Account, take, place));
            remaining -= take;
        }

        return result;
    }

    /// <summary>Every margined opposing position with lots left, in account-id order.</summary>
    internal static List<AdlOpposing> Opposing(MarketState market, int liquidatedSide, Func<string, bool> excluded, IReadOnlyDictionary<string, long> planned)
    {
        var list = new List<AdlOpposing>();
        foreach (var holder in market.Holders.InIdOrder())
        {
            var a = holder.Account;
            if (a.IsBuiltIn || excluded(a.Id.Value))
                continue;
            long left = -liquidatedSide * (holder.Position.Quantity.Lots + planned.GetValueOrDefault(a.Id.Value));
            if (left > 0)
                list.Add(new AdlOpposing(a, left));
        }

        return list;
    }

    /// <summary>Ranks 1.. by a key, highest first, ties by the candidates' (account-id) order; returns rank per index.</summary>
    internal static int[] Ranks<TKey>(int count, Func<int, TKey> key) where TKey : IComparable<TKey>
    {
        var order = Enumerable.Range(0, count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = key(b).CompareTo(key(a));
            return c != 0 ? c : a.CompareTo(b);
        });
        var ranks = new int[count];
        for (int r = 0; r < order.Length; r++)
            ranks[order[r]] = r + 1;
        return ranks;
    }

    /// <summary>The takers with a positive part, in rank order.</summary>
    internal static List<(Account Winner, long Lots, int Rank)> InRankOrder(IReadOnlyList<AdlOpposing> candidates, long[] parts, int[] ranks)
    {
        var result = new List<(Account, long, int)>();
        for (int i = 0; i < candidates.Count; i++)
            if (parts[i] > 0)
                result.Add((candidates[i].Account, parts[i], ranks[i]));
        result.Sort((a, b) => a.Item3.CompareTo(b.Item3));
        return result;
    }
}
