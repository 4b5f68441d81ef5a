using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>
/// The ADL rung of a wave (per-wave allocation): the lots every liquidated position of the wave left open for ADL
/// are pooled per market side and allocated over the opposing positions once, by the configured ranking, so a
/// winner's share is decided on the whole wave and not again for each bankruptcy. The pooled parts are then handed
/// to the bankrupt positions in account-id order, the winners in rank order, each fill at its own position's ADL
/// price (fewest fills: a winner meets a new bankrupt only when the previous one is covered).
/// </summary>
internal static class PooledAdl
{
    public static void Run(IEventSink sink, IReadOnlyList<CloseOutPlan> plans, IReadOnlySet<string> liquidated)
    {
        if (sink.Ledger.Config.AdlRanking == Engine.AdlRankingKind.Budgeted)
            BudgetedAdl.SizeWave(sink.Ledger, plans);
        var groups = new List<(string Market, int Side, List<CloseOutPlan> Plans)>();
        foreach (var plan in plans)
        {
            if (plan.AdlLots <= 0)
                continue;
            var g = groups.FindIndex(x => x.Market == plan.Market.Id.Value && x.Side == plan.Side);
            if (g < 0)
                groups.Add((plan.Market.Id.Value, plan.Side, [plan]));
            else
                groups[g].Plans.Add(plan);
        }

        var none = new Dictionary<string, long>(StringComparer.Ordinal); // earlier rungs' fills are already on the ledger
        foreach (var (_, side, group) in groups)
        {
            var market = group[0].Market;
            long total = 0;
            var cost = Money.Zero;
            foreach (var p in group)
            {
                total = checked(total + p.AdlLots);
                cost = Money.Max(cost, CloseOutLadder.PerLotCost(market, p.AdlPrice, p.Mark)); // a cap that holds for every price of the pool
            }

            var takers = AdlAllocator.Allocate(sink, market, side, liquidated.Contains, none, total, cost);
            int t = 0;
            long takerLeft = takers.Count > 0 ? takers[0].Lots : 0;
            foreach (var p in group)
            {
                long need = p.AdlLots;
                while (need > 0 && t < takers.Count)
                {
                    long lots = Math.Min(need, takerLeft);
                    p.Take(null, takers[t].Winner, lots, p.AdlPrice, takers[t].Rank);
                    need -= lots;
                    takerLeft -= lots;
                    if (takerLeft == 0 && ++t < takers.Count)
                        takerLeft = takers[t].Lots;
                }
            }
        }
    }
}
