using SocialLoss.Core.Engine;

namespace SocialLoss.Oracle;

/// <summary>The ADL rankings, naively: every opposing position scored and sorted again for every fill.</summary>
public sealed partial class OracleEngine
{
    private sealed record Candidate(RAccount Account, bool Infinite, decimal Score);

    /// <summary>The opposing side of <paramref name="m"/>, first to be deleveraged first; ties by account id.</summary>
    private List<Candidate> AdlQueue(RMarket m, int side, string exclude)
    {
        var queue = new List<Candidate>();
        foreach (var a in _ordered)
        {
            if (IsBuiltIn(a.Id) || a.Id == exclude)
                continue;
            var q = a.QuantityIn(m.Id);
            if (q == 0 || Math.Sign(q) != side)
                continue;
            queue.Add(Score(a, m, a.Position(m.Id)));
        }

        if (_config.AdlRanking == AdlRankingKind.Dydx)
            return DydxWalk(queue);
        queue.Sort((x, y) =>
        {
            int c = x.Infinite != y.Infinite ? (y.Infinite ? 1 : -1) : y.Score.CompareTo(x.Score);
            return c != 0 ? c : string.CompareOrdinal(x.Account.Id, y.Account.Id);
        });
        return queue;
    }

    /// <summary>The published formulas, on the account's own decimal figures (sources in <c>Core.Adl.AdlRanking</c>).</summary>
    private Candidate Score(RAccount a, RMarket m, RPosition p)
    {
        var mark = m.Mark!.Value;
        decimal markValue = Exact.Units(p.Quantity * mark);
        decimal notional = Math.Abs(markValue);
        decimal upnl = Exact.Units(p.Quantity * mark - p.Cost), cost = Exact.Units(p.Cost), equity = Exact.Units(Equity(a));
        switch (_config.AdlRanking)
        {
            case AdlRankingKind.Size:
                return new Candidate(a, false, notional);
            case AdlRankingKind.Fair:
                return new Candidate(a, false, upnl);
            case AdlRankingKind.Dydx:
                return new Candidate(a, false, 0);
            case AdlRankingKind.Binance:
                // max(0, uPnL) / max(1, wallet) x maintenance / equity (0 without equity)
                decimal pnlShare = Math.Max(0, upnl) / Math.Max(1, Exact.Units(a.Balance));
                decimal ratio = equity <= 0 ? 0 : Exact.Units(Margin(a, maintenance: true, skip: null)) / equity;
                return new Candidate(a, false, pnlShare * ratio);
            case AdlRankingKind.Hyperliquid:
                // (mark / entry) x notional / account value; a short's profit ratio is entry / mark; no account value ranks first
                if (equity <= 0)
                    return new Candidate(a, true, 0);
                if (cost == 0 || markValue == 0)
                    return new Candidate(a, false, 0);
                decimal profitRatio = markValue > 0 ? markValue / cost : cost / markValue;
                return new Candidate(a, false, profitRatio * (notional / equity));
            default:
                // BitMEX: PnL% x effective leverage when in profit, PnL% / effective leverage otherwise
                decimal pnlPct = cost == 0 ? 0 : upnl / Math.Abs(cost);
                if (equity <= 0)
                    return pnlPct > 0 ? new Candidate(a, true, 0) : new Candidate(a, false, 0);
                if (notional == 0)
                    return new Candidate(a, false, 0);
                decimal effLev = notional / equity;
                return new Candidate(a, false, pnlPct > 0 ? pnlPct * effLev : pnlPct / effLev);
        }
    }

    /// <summary>
    /// dYdX v4: the opposing accounts in id order, walked cyclically from a start drawn from the seed and the last event's
    /// sequence number (SplitMix64 of <c>seed xor seq</c>, modulo the count).
    /// Source: dydxprotocol/v4-chain protocol/x/clob/keeper/deleveraging.go
    /// </summary>
    private List<Candidate> DydxWalk(List<Candidate> byId)
    {
        if (byId.Count == 0)
            return byId;
        ulong x = unchecked(_config.AdlSeed ^ (ulong)_seq);
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
        }

        int start = (int)(x % (ulong)byId.Count);
        var walk = new List<Candidate>(byId.Count);
        for (int k = 0; k < byId.Count; k++)
            walk.Add(byId[(start + k) % byId.Count]);
        return walk;
    }

    /// <summary>
    /// Fair ADL (Chitra's capped pro-rata, arXiv 2512.01112): lots spread over every opposing position in proportion to its
    /// profit, each at most what it holds; what the winners cannot cover goes over what the positions have left by size.
    /// Ranks by profit, highest first, ties by account id.
    /// </summary>
    private List<(RAccount Winner, decimal Quantity, int Rank)> FairAllocation(RMarket m, int side, Func<string, bool> excluded,
        IReadOnlyDictionary<string, decimal> planned, decimal remaining)
    {
        var who = new List<RAccount>();
        var left = new List<decimal>();
        var profit = new List<decimal>();
        foreach (var a in _ordered)
        {
            if (IsBuiltIn(a.Id) || excluded(a.Id))
                continue;
            var q = a.QuantityIn(m.Id);
            if (q == 0)
                continue;
            var l = -side * (q + planned.GetValueOrDefault(a.Id)) / m.Lot;
            if (l <= 0)
                continue;
            var p = a.Position(m.Id);
            who.Add(a);
            left.Add(l);
            profit.Add(Math.Max(0, p.Quantity * m.Mark!.Value - p.Cost) / Exact.Micro);
        }

        decimal lots = remaining / m.Lot;
        var first = WaterFill(lots, profit, left);
        decimal got = first.Sum();
        if (got < lots)
        {
            var capacity = left.Select((l, i) => l - first[i]).ToList();
            var second = WaterFill(lots - got, capacity, capacity);
            for (int i = 0; i < first.Count; i++)
                first[i] += second[i];
        }

        var order = Enumerable.Range(0, who.Count).OrderByDescending(i => profit[i]).ThenBy(i => i).ToList();
        var result = new List<(RAccount, decimal, int)>();
        for (int r = 0; r < order.Count; r++)
            if (first[order[r]] > 0)
                result.Add((who[order[r]], first[order[r]] * m.Lot, r + 1));
        return result;
    }

    /// <summary>
    /// Capped proportional split of a whole <paramref name="total"/>, naively: cap every part whose cap is within its
    /// share at the current level, recompute the level over the others, until nothing changes; the uncapped share what
    /// is left by largest remainder. Parts with no weight or no cap get nothing.
    /// </summary>
    private static List<decimal> WaterFill(decimal total, List<decimal> weights, List<decimal> caps)
    {
        var parts = weights.Select(_ => 0m).ToList();
        var active = Enumerable.Range(0, weights.Count).Where(i => weights[i] > 0 && caps[i] > 0).ToList();
        decimal level = Math.Min(total, active.Sum(i => caps[i]));
        if (level == 0)
            return parts;
        var capped = new HashSet<int>();
        while (true)
        {
            var open = active.Where(i => !capped.Contains(i)).ToList();
            decimal rest = level - capped.Sum(i => caps[i]);
            decimal weight = open.Sum(i => weights[i]);
            var binding = open.Where(i => caps[i] * weight <= rest * weights[i]).ToList();
            if (binding.Count == 0)
            {
                foreach (var i in capped)
                    parts[i] = caps[i];
                if (rest > 0)
                {
                    var split = SplitLargestRemainder(rest, open.Select(i => weights[i]).ToList(), 1m);
                    for (int k = 0; k < open.Count; k++)
                        parts[open[k]] = split[k];
                }

                return parts;
            }

            capped.UnionWith(binding);
        }
    }
}
