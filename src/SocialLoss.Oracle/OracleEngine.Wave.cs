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
        var open = new List<WavePlan>();
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

    // ---------------------------------------------------------------- one position's plan

    /// <summary>A liquidated position's close-out, planned on a copy of it (the account's own position moves only when a fill is emitted).</summary>
    private sealed class WavePlan
    {
        public required RAccount Account { get; init; }
        public required RMarket Market { get; init; }
        public required decimal Quantity { get; init; }
        public required decimal Mark { get; init; }
        public required decimal Equity { get; init; }
        public required decimal Maintenance { get; init; }
        public required decimal Bankruptcy { get; init; }
        public required decimal OtherPnl { get; init; }
        public required RPosition Sim { get; init; }
        public required IReadOnlySet<string> Liquidating { get; init; }
        public decimal SimBalance { get; set; }
        public decimal Remaining { get; set; }
        public List<PlannedFill> Fills { get; } = [];
        public Dictionary<string, decimal> Planned { get; } = new(StringComparer.Ordinal);
        public decimal AdlQuantity { get; set; }
        public decimal AdlPrice { get; set; }
        public decimal Fee { get; set; }
        public int Emitted { get; set; }
        public int NextStage { get; set; }

        public int Side => Math.Sign(Quantity);

        public decimal SimEquity => SimBalance + OtherPnl + Sim.Quantity * Mark - Sim.Cost;

        public decimal CurrentBankruptcy() => BankruptcyPrice(Market, SimBalance + OtherPnl, Sim.Quantity, Sim.Cost);

        public void Take(CloseOutVia? via, RAccount counterparty, decimal q, decimal price, int rank)
        {
            if (q <= 0)
                return;
            SimBalance += Fill(Sim, -Side * q, price);
            Remaining -= q;
            Fills.Add(new PlannedFill(via, counterparty, q, price, rank));
            Planned[counterparty.Id] = Planned.GetValueOrDefault(counterparty.Id) + Side * q;
        }

        /// <summary>The fee of the planned fills plus <paramref name="extra"/> at <paramref name="price"/>, at most the equity they leave.</summary>
        public decimal PlannedFee(decimal extra, decimal price)
        {
            decimal closed = Fills.Sum(f => f.Quantity * f.Price) + extra * price;
            decimal left = SimEquity;
            if (extra > 0)
            {
                var after = new RPosition { Quantity = Sim.Quantity, Cost = Sim.Cost };
                left = SimBalance + OtherPnl + Fill(after, -Side * extra, price) + after.Quantity * Mark - after.Cost;
            }

            return Math.Min(Exact.FloorMicro(closed * Market.FeeRate), Math.Max(0m, left));
        }
    }

    private WavePlan NewPlan(RAccount account, RMarket m, IReadOnlySet<string> members)
    {
        var position = account.Position(m.Id);
        var otherPnl = PnlExcept(account, m.Id);
        return new WavePlan
        {
            Account = account,
            Market = m,
            Quantity = position.Quantity,
            Mark = m.Mark!.Value,
            Equity = Equity(account),
            Maintenance = Margin(account, maintenance: true, skip: null),
            Bankruptcy = BankruptcyPrice(m, account.Balance + otherPnl, position.Quantity, position.Cost),
            OtherPnl = otherPnl,
            Sim = new RPosition { Quantity = position.Quantity, Cost = position.Cost },
            Liquidating = members,
            SimBalance = account.Balance,
            Remaining = Math.Abs(position.Quantity),
        };
    }

    /// <summary>
    /// Plans the rungs up to ADL and emits the liquidation and those fills (the next account of the wave sees the book
    /// and the backstops as they left them). Returns the plan when it left lots for the pooled ADL, or null when done.
    /// </summary>
    private WavePlan? Begin(RAccount account, RMarket m, IReadOnlySet<string> members)
    {
        var plan = NewPlan(account, m, members);
        int next = Rungs(plan, 0, wave: true);
        if (next < 0)
        {
            var fee = plan.PlannedFee(0, plan.Mark);
            EmitPlan(plan, 0, announce: fee, charge: fee);
            return null;
        }

        plan.NextStage = next;
        // the fee announced now assumes every ADL lot is taken at the ADL price; Finish charges at most that
        plan.Fee = plan.PlannedFee(plan.AdlQuantity, plan.AdlPrice);
        EmitPlan(plan, 0, announce: plan.Fee, charge: 0);
        return plan;
    }

    /// <summary>
    /// Plans the rungs from <paramref name="from"/> on and then the fund's take-over; in a <paramref name="wave"/> stops at the
    /// ADL rung (its lots left for the pooled allocation) and returns the index after it, otherwise −1.
    /// </summary>
    private int Rungs(WavePlan plan, int from, bool wave)
    {
        var m = plan.Market;
        int side = plan.Side;
        for (int i = from; i < _config.CloseOut.Count; i++)
        {
            if (plan.Remaining == 0)
                break;
            switch (_config.CloseOut[i])
            {
                case CloseOutStage.Book:
                    foreach (var (price, q) in side > 0 ? m.Bids : m.Asks)
                    {
                        if (plan.Remaining == 0)
                            break;
                        plan.Take(CloseOutVia.Book, _accounts[MarketName], Math.Min(q, plan.Remaining), price, 0);
                    }

                    break;
                case CloseOutStage.Backstop:
                    if (_config.BackstopTransferBelow is not null)
                    {
                        if (BackstopTransfer(plan.Account, m, side, plan.Sim, plan.SimBalance, plan.OtherPnl, plan.Remaining, plan.Planned, plan.Liquidating)
                            is var (vault, transferPrice))
                            plan.Take(CloseOutVia.Backstop, vault, plan.Remaining, transferPrice, 0);
                        break;
                    }

                    var backstopPrice = BackstopPriceOf(plan.Account, m, side, plan.Sim, plan.SimBalance + plan.OtherPnl, plan.CurrentBankruptcy());
                    // nobody already planned, and no account of the wave: its own plan still has lots to close
                    foreach (var (backstop, q) in BackstopTakes(m, side, backstopPrice, plan.Remaining,
                                 b => b == plan.Account || plan.Planned.ContainsKey(b.Id) || plan.Liquidating.Contains(b.Id)))
                        plan.Take(CloseOutVia.Backstop, backstop, q, backstopPrice, 0);
                    break;
                case CloseOutStage.Adl:
                    if (FundAbsorbs(plan.SimEquity))
                        break; // the fund can absorb the shortfall: it takes the position over at the mark below
                    if (!wave)
                        throw new InvalidOperationException("a wave's ladder meets its ADL rung once");
                    plan.AdlQuantity = plan.Remaining;
                    plan.AdlPrice = AdlPriceOf(m, plan.CurrentBankruptcy());
                    return i + 1;
                default:
                    throw new NotSupportedException($"close-out stage {_config.CloseOut[i]}");
            }
        }

        plan.Take(CloseOutVia.Fund, _accounts[InsuranceName], plan.Remaining, plan.Mark, 0);
        return -1;
    }

    /// <summary>
    /// <c>adl.trigger</c> other than <c>always</c>: the ADL rung is skipped while the fund's balance covers the negative
    /// equity the planned fills leave (BitMEX: ADL only "if the insurance fund is depleted"), unless OKX's volatility
    /// threshold holds (the fund well below its recent average).
    /// </summary>
    private bool FundAbsorbs(decimal simEquity) =>
        _config.AdlTrigger != AdlTrigger.Always && FundPayable() >= -Math.Min(0m, simEquity)
        && !(_config.AdlTrigger == AdlTrigger.Okx && BelowOkxThreshold());

    /// <summary>
    /// The wave's ADL: the lots every plan left open are pooled per market side (in the order the plans began), allocated
    /// once over the opposing positions (no account of the wave takes part), then handed to the plans in that order, the
    /// takers in rank order: a taker meets the next plan only when the previous one is covered.
    /// </summary>
    private void PoolAdl(List<WavePlan> open, IReadOnlySet<string> members)
    {
        if (_config.AdlRanking == AdlRankingKind.Budgeted)
            SizeBudgetedWave(open);
        var groups = new List<List<WavePlan>>();
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
    private void EmitPooledAdl(WavePlan plan)
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

        EmitPlan(plan, plan.Emitted, announce: null, charge: 0);
    }

    /// <summary>The rest of a plan's ladder once its pooled fills are out; the fee at most what was announced.</summary>
    private void Finish(WavePlan plan)
    {
        Rungs(plan, plan.NextStage, wave: false);
        EmitPlan(plan, plan.Emitted, announce: null, charge: 0);
        // at most what was announced, what the fills leave, and what the account has now: its other plans of the wave may
        // have charged their fees since this one was planned on its copy
        var charge = Math.Min(Math.Min(plan.Fee, plan.PlannedFee(0, plan.Mark)), Math.Max(0m, Equity(plan.Account)));
        EmitPlan(plan, plan.Emitted, announce: null, charge: charge);
    }

    /// <summary>
    /// Emits (and applies) the plan's fills from <paramref name="from"/>: after its <see cref="Liquidated"/> with the fee
    /// <paramref name="announce"/> when not null, then the fee <paramref name="charge"/> when positive.
    /// </summary>
    private void EmitPlan(WavePlan plan, int from, decimal? announce, decimal charge)
    {
        var a = plan.Account;
        var m = plan.Market;
        int side = plan.Side;
        if (announce is { } fee)
            Emit(new Liquidated(new AccountId(a.Id), new MarketId(m.Id), Lots(m, plan.Quantity), Ticks(m, plan.Mark), Ticks(m, plan.Bankruptcy),
                MoneyOf(fee), MoneyOf(plan.Equity), MoneyOf(plan.Maintenance)));
        for (int i = from; i < plan.Fills.Count; i++)
        {
            var f = plan.Fills[i];
            if (f.Via is { } via)
            {
                Emit(new ClosedOut(new AccountId(a.Id), new MarketId(m.Id), new AccountId(f.Counterparty.Id), via, Lots(m, f.Quantity), Ticks(m, f.Price)));
                if (via == CloseOutVia.Book)
                    Consume(side > 0 ? m.Bids : m.Asks, f.Price, f.Quantity);
            }
            else
            {
                Emit(new Deleveraged(new AccountId(f.Counterparty.Id), new AccountId(a.Id), new MarketId(m.Id), Lots(m, f.Quantity), Ticks(m, f.Price), f.Rank));
            }

            a.Balance += Fill(a.Position(m.Id), -side * f.Quantity, f.Price);
            f.Counterparty.Balance += Fill(f.Counterparty.Position(m.Id), side * f.Quantity, f.Price);
        }

        plan.Emitted = plan.Fills.Count;
        if (charge > 0)
        {
            var fund = _accounts[InsuranceName];
            Emit(new InsuranceFundChanged(MoneyOf(charge), MoneyOf(fund.Balance + charge), FundReason.LiquidationFee, new AccountId(a.Id)));
            fund.Balance += charge;
            a.Balance -= charge;
        }
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
