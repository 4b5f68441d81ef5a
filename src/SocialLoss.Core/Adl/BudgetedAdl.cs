using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>
/// Online budgeted ADL (Chitra, Thogiti, Trujillo Ramirez, Xu, "Autodeleveraging as Online Learning", arXiv
/// 2602.15182): the budget of a bankruptcy (of a wave, with per-wave allocation) is its shortfall left after the
/// insurance fund — the debt the rest of the position leaves at mark — and ADL closes only the lots whose
/// bankruptcy-price fills cover it, <c>ceil(budget / cost per lot)</c>, not the whole position; the fund takes
/// the rest at mark. The lots go min-max over the winners (opposing positions in profit): each takes lots in
/// proportion to its equity, so each loses the same share of its equity (the paper's fairness term
/// <c>max_i x_i / u_i</c> minimised), and never more lots than its profit pays for. What the winners' profit
/// cannot cover stays bad debt for the waterfall.
/// </summary>
internal static class BudgetedAdl
{
    /// <summary>The lots whose fills at <paramref name="adlPrice"/> cover <paramref name="budget"/> (at most what is left).</summary>
    public static long NeededLots(CloseOutPlan plan, Price adlPrice, Money budget)
    {
        if (!budget.IsPositive)
            return 0;
        var cost = CloseOutLadder.PerLotCost(plan.Market, adlPrice, plan.Mark).Micros;
        if (cost <= 0)
            return 0;
        return Math.Min(plan.Remaining, (budget.Micros + cost - 1) / cost);
    }

    /// <summary>
    /// Sizes the budgeted ADL of a wave: the budget is the wave's shortfall left after the fund,
    /// <c>B = max(0, ΣD − fund)</c>, each plan's share <c>ceil(D_b · B / ΣD)</c> (a formula per plan, so the
    /// order of the bankruptcies does not matter, and rounded up so the fund is never asked for more than it has).
    /// </summary>
    public static void SizeWave(Ledger ledger, IReadOnlyList<CloseOutPlan> plans)
    {
        Int128 total = 0;
        foreach (var p in plans)
            total += Math.Max(0, -p.SimEquity.Micros);
        if (total == 0)
        {
            foreach (var p in plans)
                p.AdlLots = 0;
            return;
        }

        Int128 budget = Int128.Max(0, total - FundSolvency.Payable(ledger).Micros);
        foreach (var p in plans)
        {
            Int128 share = FixedPoint.CeilDiv(Math.Max(0, -p.SimEquity.Micros) * budget, total);
            p.AdlLots = NeededLots(p, p.AdlPrice, new Money(FixedPoint.ToLong(share)));
        }
    }

    public static List<(Account Winner, long Lots, int Rank)> Allocate(Ledger ledger, MarketState market, List<AdlOpposing> candidates, long lots, Money perLotCost)
    {
        var mark = market.RequireMark();
        int n = candidates.Count;
        var weights = new long[n];
        var caps = new long[n];
        for (int i = 0; i < n; i++)
        {
            var profit = candidates[i].Account.PositionIn(market.Id)!.UnrealizedPnl(market.Spec, mark).Micros;
            if (profit <= 0)
                continue; // budgeted ADL takes from winners only
            weights[i] = Math.Max(0, Risk.Equity(ledger, candidates[i].Account).Micros);
            caps[i] = perLotCost.Micros > 0 ? Math.Min(candidates[i].Left, profit / perLotCost.Micros) : candidates[i].Left;
        }

        var parts = WaterFilling.Allocate(lots, weights, caps);
        return AdlAllocator.InRankOrder(candidates, parts, AdlAllocator.Ranks(n, i => weights[i]));
    }
}
