using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle;

/// <summary>
/// Per-wave allocation (<c>allocation: "per-wave"</c>), naively: every account that needs action now is one wave; each
/// liquidated position is planned down its ladder up to the ADL rung (those fills emitted at once), the ADL lots of the
/// whole wave are pooled per market side and allocated once, every pooled fill is emitted before any ladder goes on, and
/// the wave's debts share one clawback. Rules read from <c>Core.Engine.WaveSweep</c>, <c>CloseOutLadder</c>,
/// <c>Core.Adl.PooledAdl</c> and <c>Core.Waterfall.LossWaterfall.ResolveWave</c>; reimplemented here on decimals.
/// </summary>
public sealed partial class OracleEngine
{
    /// <summary>Full scans, one wave a round, until no account needs action.</summary>
    private void WaveSweep()
    {
        int limit = 2 * _ordered.Count + 8;
        for (int round = 0; ; round++)
        {
            if (round > limit)
                throw new InvalidOperationException("liquidation sweep did not converge");
            var wave = _ordered.Where(a => !IsBuiltIn(a.Id) && (a.HasPositions ? MustLiquidate(a) : a.Balance < 0)).ToList();
            if (wave.Count == 0)
                return;
            RunWave(wave);
        }
    }

    /// <summary>A member declared in default with positions, or an account below maintenance.</summary>
    private bool MustLiquidate(RAccount a) => a.HasPositions && (a.IsDefaulted || Equity(a) < Margin(a, maintenance: true, skip: null));

    private void RunWave(List<RAccount> wave)
    {
        var members = new HashSet<string>(wave.Select(a => a.Id), StringComparer.Ordinal);
        var open = new List<ClosePlan>();
        var liquidated = new List<RAccount>();
        foreach (var account in wave)
        {
            // an account with no position is in the wave for its debt only (the waterfall below)
            if (!MustLiquidate(account))
                continue;
            bool partial = false; // a partial liquidation (OracleEngine.Partial.cs) leaves the account for the next wave
            foreach (var market in account.OpenMarkets().ToList())
            {
                if (TryPartialLiquidation(account, _markets[market]))
                    partial = true;
                else if (Begin(account, _markets[market], members) is { } plan)
                    open.Add(plan);
            }

            if (!partial)
                liquidated.Add(account);
        }

        PoolAdl(open, members);
        foreach (var plan in open)
            EmitPooledAdl(plan);
        foreach (var plan in open)
            Finish(plan);
        foreach (var account in liquidated)
            PaySurplus(account); // once every ladder of the wave is done
        ResolveWave(wave, members);
    }

    /// <summary>
    /// Plans the rungs up to ADL and emits the liquidation and those fills (the next account of the wave sees the book
    /// and the backstops as they left them). Returns the plan when it left lots for the pooled ADL, or null when done.
    /// </summary>
    private ClosePlan? Begin(RAccount account, RMarket m, IReadOnlySet<string> members)
    {
        var plan = NewPlan(account, m, members);
        int next = Rungs(plan, 0, wave: true);
        if (next < 0)
        {
            Complete(plan);
            return null;
        }

        plan.NextStage = next;
        // the fee announced now assumes every ADL lot is taken at the ADL price; Finish charges at most that
        plan.Fee = plan.PlannedFee(plan.AdlQuantity, plan.AdlPrice);
        EmitPlan(plan, announce: plan.Fee, charge: 0);
        return plan;
    }

    /// <summary>
    /// The wave's ADL: the lots every plan left open are pooled per market side (in the order the plans began), allocated
    /// once over the opposing positions (no account of the wave takes part), then handed to the plans in that order, the
    /// takers in rank order: a taker meets the next plan only when the previous one is covered.
    /// </summary>
    private void PoolAdl(List<ClosePlan> open, IReadOnlySet<string> members)
    {
        if (_config.AdlRanking == AdlRankingKind.Budgeted)
            SizeBudgetedWave(open);
        var groups = new List<List<ClosePlan>>();
        foreach (var plan in open.Where(p => p.AdlQuantity > 0))
        {
            var g = groups.Find(x => x[0].Market == plan.Market && x[0].Side == plan.Side);
            if (g is null)
                groups.Add([plan]);
            else
                g.Add(plan);
        }

        var none = new Dictionary<string, decimal>(StringComparer.Ordinal); // earlier rungs' fills are already applied
        foreach (var group in groups)
        {
            var m = group[0].Market;
            int side = group[0].Side;
            decimal total = group.Sum(p => p.AdlQuantity);
            decimal cost = group.Max(p => PerLotCost(m, p.AdlPrice, p.Mark)); // a cap that holds at every price of the pool
            var takers = _config.AdlRanking is AdlRankingKind.Fair or AdlRankingKind.Leverage or AdlRankingKind.Budgeted
                ? AllocateAtOnce(m, side, members.Contains, none, total, cost)
                : WalkQueue(m, side, members, total);
            int t = 0;
            decimal takerLeft = takers.Count > 0 ? takers[0].Quantity : 0;
            foreach (var p in group)
            {
                var need = p.AdlQuantity;
                while (need > 0 && t < takers.Count)
                {
                    var q = Math.Min(need, takerLeft);
                    p.Take(null, takers[t].Winner, q, p.AdlPrice, takers[t].Rank);
                    need -= q;
                    takerLeft -= q;
                    if (takerLeft == 0 && ++t < takers.Count)
                        takerLeft = takers[t].Quantity;
                }
            }
        }
    }

    /// <summary>A queue ranking's takers of <paramref name="total"/>: the queue walked from the top, the wave's accounts skipped (and not counted in the rank).</summary>
    private List<(RAccount Winner, decimal Quantity, int Rank)> WalkQueue(RMarket m, int side, IReadOnlySet<string> members, decimal total)
    {
        var result = new List<(RAccount, decimal, int)>();
        int place = 0;
        foreach (var c in AdlQueue(m, -side, InsuranceName))
        {
            if (total == 0)
                break;
            if (members.Contains(c.Account.Id))
                continue;
            place++;
            var take = Math.Min(Math.Abs(c.Account.QuantityIn(m.Id)), total);
            result.Add((c.Account, take, place));
            total -= take;
        }

        return result;
    }

    /// <summary>
    /// Emits the pooled ADL fills of a plan. At the bankruptcy price they take the position's bankruptcy price as it is
    /// now (the account's other positions may have closed since the plan began); the plan's own copy keeps the price it
    /// was planned at, as Core's plan does; <see cref="Finish"/> caps the fee by what the account has when it is charged.
    /// </summary>
    private void EmitPooledAdl(ClosePlan plan)
    {
        if (_config.AdlPrice == ClosePrice.Bankruptcy && plan.Fills.Count > plan.Emitted)
        {
            var a = plan.Account;
            var p = a.Position(plan.Market.Id);
            var bankruptcy = BankruptcyPrice(plan.Market, a.Balance + PnlExcept(a, plan.Market.Id), p.Quantity, p.Cost);
            for (int i = plan.Emitted; i < plan.Fills.Count; i++)
                if (plan.Fills[i].Via is null)
                    plan.Fills[i] = plan.Fills[i] with { Price = bankruptcy };
        }

        EmitFills(plan);
    }

    /// <summary>The rest of a plan's ladder once its pooled fills are out; the fee at most what was announced.</summary>
    private void Finish(ClosePlan plan)
    {
        Rungs(plan, plan.NextStage, wave: false);
        EmitFills(plan);
        // at most what was announced, what the fills leave, and what the account has now: its other plans of the wave may
        // have charged their fees since this one was planned on its copy
        ChargeFee(plan, Math.Min(Math.Min(plan.Fee, plan.PlannedFee(0, plan.Mark)), Math.Max(0m, Equity(plan.Account))));
    }

    // ---------------------------------------------------------------- the wave's waterfall

    /// <summary>
    /// The wave's debts (accounts with no position left and a negative balance), announced in account-id order, then paid
    /// stage by stage: every stage but the clawback takes each debt in turn as it does per bankruptcy; the clawback shares
    /// the pooled debt once.
    /// </summary>
    private void ResolveWave(List<RAccount> wave, IReadOnlySet<string> members)
    {
        var bankrupts = new List<RAccount>();
        var remaining = new List<decimal>();
        foreach (var a in wave)
        {
            var debt = -a.Balance;
            if (debt <= 0 || a.HasPositions)
                continue;
            Emit(new BadDebt(new AccountId(a.Id), MoneyOf(debt)));
            bankrupts.Add(a);
            remaining.Add(debt);
        }

        if (bankrupts.Count == 0)
            return;
        foreach (var stage in _config.Waterfall)
        {
            switch (stage)
            {
                case WaterfallStageKind.Clawback:
                    ClawbackWave(bankrupts, remaining, members);
                    break;
                default:
                    for (int i = 0; i < bankrupts.Count; i++)
                        if (remaining[i] > 0)
                            remaining[i] -= stage == WaterfallStageKind.Insurance ? InsurancePays(bankrupts[i], remaining[i]) : OtherStage(stage, bankrupts[i], remaining[i]);
                    break;
            }
        }

        for (int i = 0; i < bankrupts.Count; i++)
            if (remaining[i] > 0)
            {
                Emit(new DeficitChanged(MoneyOf(remaining[i]), MoneyOf(Deficit + remaining[i]), new AccountId(bankrupts[i].Id)));
                bankrupts[i].Balance += remaining[i];
                Deficit += remaining[i];
            }
    }

    /// <summary>
    /// The clawback of a wave: the pooled debt is split once over the payers (no account of the wave pays), each payer's
    /// part then paid to the bankrupts in order, meeting the next only when the previous is covered.
    /// </summary>
    private void ClawbackWave(List<RAccount> bankrupts, List<decimal> remaining, IReadOnlySet<string> members)
    {
        var (payers, bases, weights, caps) = ClawbackPayers(members.Contains);
        decimal total = remaining.Sum(r => Math.Max(0m, r));
        decimal baseSum = bases.Sum();
        if (payers.Count == 0 || baseSum == 0 || total == 0)
            return;
        var parts = WaterFill(total / Exact.Micro, weights, caps).Select(p => p * Exact.Micro).ToList();
        decimal covered = parts.Sum();
        decimal rate = decimal.Truncate(covered * 1_000_000m) / decimal.Truncate(baseSum * 1_000_000m);
        int b = 0;
        for (int i = 0; i < payers.Count; i++)
        {
            var part = parts[i];
            while (part > 0)
            {
                while (remaining[b] <= 0)
                    b++;
                var pay = Math.Min(part, remaining[b]);
                Emit(new ClawedBack(new AccountId(payers[i].Id), new AccountId(bankrupts[b].Id), MoneyOf(pay), MoneyOf(bases[i]), rate));
                payers[i].Balance -= pay;
                bankrupts[b].Balance += pay;
                remaining[b] -= pay;
                part -= pay;
            }
        }
    }
}
