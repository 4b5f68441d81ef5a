using SocialLoss.Core.Engine;

namespace SocialLoss.Oracle;

/// <summary>
/// The rankings that allocate over every opposing position at once (<c>fair</c>, <c>leverage</c>, <c>budgeted</c>), and the
/// budgeted ADL's sizing, naively: every candidate rescanned from the account list, every level found by trying each
/// prefix. Rules read from <c>Core.Adl.LeverageAdl</c> and <c>Core.Adl.BudgetedAdl</c>; reimplemented here on decimals.
/// </summary>
public sealed partial class OracleEngine
{
    /// <summary>
    /// Takers of <paramref name="quantity"/> (units) of a liquidated <paramref name="side"/> under <c>fair</c>, <c>leverage</c>
    /// or <c>budgeted</c>, in rank order; <paramref name="perLotCost"/> (units) is what one lot closed at the ADL price
    /// instead of the mark costs its taker.
    /// </summary>
    private List<(RAccount Winner, decimal Quantity, int Rank)> AllocateAtOnce(RMarket m, int side, Func<string, bool> excluded,
        IReadOnlyDictionary<string, decimal> planned, decimal quantity, decimal perLotCost) => _config.AdlRanking switch
    {
        AdlRankingKind.Fair => FairAllocation(m, side, excluded, planned, quantity),
        AdlRankingKind.Leverage => LeverageAllocation(m, Opposing(m, side, excluded, planned), quantity),
        AdlRankingKind.Budgeted => BudgetedAllocation(m, Opposing(m, side, excluded, planned), quantity, perLotCost),
        _ => throw new InvalidOperationException($"{_config.AdlRanking} walks a queue"),
    };

    /// <summary>Every opposing position with lots left once <paramref name="planned"/> fills are done, in account-id order (lots left).</summary>
    private List<(RAccount Account, decimal Left)> Opposing(RMarket m, int side, Func<string, bool> excluded, IReadOnlyDictionary<string, decimal> planned)
    {
        var list = new List<(RAccount, decimal)>();
        foreach (var a in _ordered)
        {
            if (IsBuiltIn(a.Id) || excluded(a.Id))
                continue;
            var left = -side * (a.QuantityIn(m.Id) + planned.GetValueOrDefault(a.Id)) / m.Lot;
            if (left > 0)
                list.Add((a, left));
        }

        return list;
    }

    /// <summary>What one lot closed at <paramref name="price"/> instead of <paramref name="mark"/> costs the winner who takes it (units).</summary>
    private static decimal PerLotCost(RMarket m, decimal price, decimal mark) => m.Lot * Math.Abs(price - mark);

    /// <summary>
    /// Water-filling on leverage (Campbell, Hey, Moallemi, Nutz, "Optimal auto-deleveraging", arXiv 2603.15963): accounts
    /// with no positive equity (infinite leverage) are cut first, whole (by largest remainder on their sizes when they are
    /// more than needed); the rest are cut to one common leverage <c>L</c>, <c>x_i = left_i − L·e_i</c>, over the
    /// shortest prefix of the leverage order (lots left / equity, highest first, ties by id) whose level leaves the next
    /// account uncut. Parts floored, the lots left over by largest remainder, ties to the more leveraged. Rank: the
    /// leverage order.
    /// </summary>
    private List<(RAccount Winner, decimal Quantity, int Rank)> LeverageAllocation(RMarket m, List<(RAccount Account, decimal Left)> candidates, decimal quantity)
    {
        int n = candidates.Count;
        var equity = candidates.Select(c => Equity(c.Account) / Exact.Micro).ToList();
        var left = candidates.Select(c => c.Left).ToList();
        bool Infinite(int i) => equity[i] <= 0;
        var order = Enumerable.Range(0, n).ToList();
        order.Sort((a, b) =>
        {
            if (Infinite(a) != Infinite(b))
                return Infinite(a) ? -1 : 1;
            int c = Infinite(a) ? 0 : (left[b] * equity[a]).CompareTo(left[a] * equity[b]); // left/e, higher first
            return c != 0 ? c : a.CompareTo(b);
        });

        var parts = new decimal[n];
        decimal lots = quantity / m.Lot;
        var infinite = order.Where(Infinite).ToList();
        if (infinite.Count > 0)
        {
            var sizes = infinite.Select(i => left[i]).ToList();
            var take = sizes.Sum() <= lots ? sizes : SplitLargestRemainder(lots, sizes, 1m);
            for (int j = 0; j < infinite.Count; j++)
            {
                parts[infinite[j]] = take[j];
                lots -= take[j];
            }
        }

        var finite = order.Where(i => !Infinite(i)).ToList();
        if (lots > 0 && finite.Count > 0)
        {
            if (finite.Sum(i => left[i]) <= lots)
            {
                foreach (var i in finite)
                    parts[i] = left[i]; // every position together is not enough (or just enough): all of them
            }
            else
            {
                // the shortest prefix that holds the lots and whose level L = (Σ left − lots) / Σ e leaves the next account
                // at or below L (its leverage left/e ≤ L), so it is not cut
                int count = 1;
                for (; count < finite.Count; count++)
                {
                    var prefix = finite.Take(count).ToList();
                    decimal q = prefix.Sum(i => left[i]), e = prefix.Sum(i => equity[i]);
                    int next = finite[count];
                    if (q >= lots && (q - lots) * equity[next] >= left[next] * e)
                        break;
                }

                var cut = finite.Take(count).ToList();
                decimal Q = cut.Sum(i => left[i]), E = cut.Sum(i => equity[i]);
                var floors = new decimal[count];
                var remainders = new decimal[count];
                for (int j = 0; j < count; j++)
                {
                    decimal num = left[cut[j]] * E - (Q - lots) * equity[cut[j]];
                    floors[j] = Exact.FloorDiv(num, E);
                    remainders[j] = num - floors[j] * E;
                }

                var extra = lots - floors.Sum();
                var byRemainder = Enumerable.Range(0, count).OrderByDescending(j => remainders[j]).ThenBy(j => j).ToList();
                for (int k = 0; k < extra; k++)
                    floors[byRemainder[k]] += 1;
                for (int j = 0; j < count; j++)
                    parts[cut[j]] = floors[j];
            }
        }

        var result = new List<(RAccount, decimal, int)>();
        for (int r = 0; r < n; r++)
            if (parts[order[r]] > 0)
                result.Add((candidates[order[r]].Account, parts[order[r]] * m.Lot, r + 1));
        return result;
    }

    /// <summary>
    /// Online budgeted ADL (Chitra, Thogiti, Trujillo Ramirez, Xu, "Autodeleveraging as Online Learning", arXiv 2602.15182):
    /// the lots go min-max over the winners (opposing positions in profit), in proportion to their equity, each at most
    /// the lots its profit pays for at <paramref name="perLotCost"/>. Rank: equity, highest first, ties by id.
    /// </summary>
    private List<(RAccount Winner, decimal Quantity, int Rank)> BudgetedAllocation(RMarket m, List<(RAccount Account, decimal Left)> candidates,
        decimal quantity, decimal perLotCost)
    {
        var mark = m.Mark!.Value;
        var weights = new List<decimal>();
        var caps = new List<decimal>();
        foreach (var (a, left) in candidates)
        {
            var p = a.Position(m.Id);
            var profit = p.Quantity * mark - p.Cost;
            if (profit <= 0)
            {
                weights.Add(0);
                caps.Add(0);
                continue;
            }

            weights.Add(Math.Max(0m, Equity(a)) / Exact.Micro);
            caps.Add(perLotCost > 0 ? Math.Min(left, Exact.FloorDiv(profit, perLotCost)) : left);
        }

        var parts = WaterFill(quantity / m.Lot, weights, caps);
        var order = Enumerable.Range(0, candidates.Count).OrderByDescending(i => weights[i]).ThenBy(i => i).ToList();
        var result = new List<(RAccount, decimal, int)>();
        for (int r = 0; r < order.Count; r++)
            if (parts[order[r]] > 0)
                result.Add((candidates[order[r]].Account, parts[order[r]] * m.Lot, r + 1));
        return result;
    }

    /// <summary>
    /// Budgeted ADL of one bankruptcy: its budget is the shortfall the planned fills leave at mark
    /// (<paramref name="simEquity"/> below zero) less what the fund pays (nothing when the fund itself is liquidated).
    /// The fund's cash balance, as Core counts it, even when its equity is less (CoreQuirkTests: reported).
    /// </summary>
    private decimal BudgetedQuantity(RMarket m, RAccount account, decimal simEquity, decimal adlPrice, decimal mark, decimal remaining)
    {
        var shortfall = Math.Max(0m, -simEquity);
        var fundPays = account.Id == InsuranceName ? 0m : Math.Min(shortfall, FundPayable());
        return NeededQuantity(m, adlPrice, mark, remaining, shortfall - fundPays);
    }

    /// <summary>The lots whose fills at <paramref name="adlPrice"/> cover <paramref name="budget"/>, rounded up, at most <paramref name="remaining"/> (units).</summary>
    private static decimal NeededQuantity(RMarket m, decimal adlPrice, decimal mark, decimal remaining, decimal budget)
    {
        var cost = PerLotCost(m, adlPrice, mark);
        if (budget <= 0 || cost <= 0)
            return 0;
        return Math.Min(remaining, Exact.CeilDiv(budget, cost) * m.Lot);
    }

    /// <summary>
    /// Budgeted ADL of a wave: the budget is the wave's shortfall after the fund, <c>B = max(0, ΣD − fund)</c>, and each
    /// plan's share <c>ceil(D · B / ΣD)</c> in micro-units (arXiv 2602.15182 as Core applies it per wave); the fund's cash
    /// balance, as for one bankruptcy.
    /// </summary>
    private void SizeBudgetedWave(List<ClosePlan> plans)
    {
        var debts = plans.Select(p => Math.Max(0m, -p.SimEquity) / Exact.Micro).ToList();
        decimal total = debts.Sum();
        if (total == 0)
        {
            foreach (var p in plans)
                p.AdlQuantity = 0;
            return;
        }

        decimal budget = Math.Max(0m, total - FundPayable() / Exact.Micro);
        for (int i = 0; i < plans.Count; i++)
        {
            var share = Exact.CeilDiv(debts[i] * budget, total) * Exact.Micro;
            plans[i].AdlQuantity = NeededQuantity(plans[i].Market, plans[i].AdlPrice, plans[i].Mark, plans[i].Remaining, share);
        }
    }
}
