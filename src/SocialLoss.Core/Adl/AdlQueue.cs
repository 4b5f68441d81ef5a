using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>
/// The queue of positions on one side of a market that ADL closes first to last: every margined
/// position on that side, highest score first, ties by account id (ordinal).
/// </summary>
public static class AdlQueue
{
    /// <summary>Builds the queue of <paramref name="side"/> (+1 longs, −1 shorts) in a market.</summary>
    public static List<AdlCandidate> Build(Ledger ledger, MarketId market, int side, AdlRankingKind ranking, AccountId? exclude = null)
    {
        var queue = Scored(ledger, market, side, ranking, exclude);
        if (ranking == AdlRankingKind.Dydx)
            Rotate(queue, ledger);

        queue.Sort(static (a, b) =>
        {
            int c = b.Score.CompareTo(a.Score);
            return c != 0 ? c : a.Account.Id.CompareTo(b.Account.Id);
        });
        return queue;
    }

    /// <summary>Every margined position on one side of a market with its score, in account-id order, unsorted.</summary>
    internal static List<AdlCandidate> Scored(Ledger ledger, MarketId market, int side, AdlRankingKind ranking, AccountId? exclude = null)
    {
        var scored = new List<AdlCandidate>();
        if (ledger.Market(market) is not { } ms)
            return scored;
        // The market's holders, in account-id order as a scan of every account gives them, without visiting the
        // accounts that hold nothing here.
        foreach (var holder in ms.Holders.InIdOrder())
        {
            var account = holder.Account;
            if (account.IsBuiltIn || (exclude is { } x && x.Value == account.Id.Value))
                continue;
            var q = holder.Position.Quantity;
            if (q.Sign != side || q.IsZero)
                continue;
            scored.Add(new AdlCandidate(account, q, AdlRanking.Score(ranking, ledger, account, market)));
        }

        return scored;
    }

    /// <summary>
    /// dYdX v4 walks the opposing accounts cyclically from a pseudo-random start (deleveraging.go); here the
    /// accounts in id order are rotated to a start drawn from the configured seed and the ledger's event
    /// sequence, so the choice is reproducible. Scores encode the walk order.
    /// Source: dydxprotocol/v4-chain protocol/x/clob/keeper/deleveraging.go
    /// </summary>
    private static void Rotate(List<AdlCandidate> queue, Ledger ledger)
    {
        if (queue.Count == 0)
            return;
        queue.Sort(static (a, b) => a.Account.Id.CompareTo(b.Account.Id));
        int start = (int)(SplitMix64(ledger.Config.AdlSeed ^ (ulong)ledger.LastSeq) % (ulong)queue.Count);
        for (int i = 0; i < queue.Count; i++)
        {
            int walk = (i - start + queue.Count) % queue.Count; // 0 for the start, then onwards cyclically
            queue[i] = queue[i] with { Score = AdlScore.Of(-walk) };
        }
    }

    /// <summary>SplitMix64: a small, well-mixed, portable hash for reproducible pseudo-random choices.</summary>
    internal static ulong SplitMix64(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }

    /// <summary>
    /// ADL indicators 0–4 (4 = first in line) for a queue, as BitMEX's lights: the share of the side's
    /// quantity at or ahead of a position, rounded up to 20% steps (BitMEX's worked example: six longs
    /// of 10, 20, 30, 10, 10, 20 in queue order sit at 20, 40, 60, 80, 80, 100%).
    /// Source: https://www.bitmex.com/app/autoDeleveragingExamples
    /// </summary>
    public static int[] Indicators(IReadOnlyList<AdlCandidate> queue)
    {
        var result = new int[queue.Count];
        Int128 total = 0;
        foreach (var c in queue)
            total += Math.Abs(c.Quantity.Lots);
        Int128 cumulative = 0;
        for (int i = 0; i < queue.Count; i++)
        {
            cumulative += Math.Abs(queue[i].Quantity.Lots);
            var bucket = (int)((5 * cumulative + total - 1) / total); // ceil(5 x share), 1..5
            result[i] = 5 - bucket;
        }

        return result;
    }
}
