using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle;

/// <summary>
/// The close-out of one liquidated position, naively: planned on a copy of the position down the configured ladder (book,
/// backstops or a transfer, ADL, then the fund's take-over), then emitted — per bankruptcy (<see cref="CloseOut"/>), as a
/// partial liquidation through the book, or per wave up to the ADL rung (<c>OracleEngine.Wave.cs</c>). Rules read from
/// <c>Core.Engine.CloseOutLadder</c> and <c>CloseOutPlan</c>; reimplemented here on decimals.
/// </summary>
public sealed partial class OracleEngine
{
    private readonly record struct PlannedFill(CloseOutVia? Via, RAccount Counterparty, decimal Quantity, decimal Price, int Rank);

    /// <summary>Closes one liquidated position down the ladder (per bankruptcy): planned on a copy, then emitted.</summary>
    private void CloseOut(RAccount account, RMarket m)
    {
        var plan = NewPlan(account, m, NoWave);
        Rungs(plan, 0, wave: false);
        Complete(plan);
    }

    private static readonly IReadOnlySet<string> NoWave = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The ADL rung of one bankruptcy: fair, leverage and budgeted allocate at once; the queues walk their ranking.</summary>
    private void PlanAdl(ClosePlan plan)
    {
        var m = plan.Market;
        int side = plan.Side;
        var mark = plan.Mark;
        var account = plan.Account;
        var adlPrice = AdlPriceOf(m, plan.CurrentBankruptcy());
        if (_config.AdlRanking is AdlRankingKind.Fair or AdlRankingKind.Leverage or AdlRankingKind.Budgeted)
        {
            var adlQuantity = _config.AdlRanking == AdlRankingKind.Budgeted
                ? BudgetedQuantity(m, account, plan.SimEquity, adlPrice, mark, plan.Remaining)
                : plan.Remaining;
            foreach (var (winner, q, rank) in AllocateAtOnce(m, side, id => id == account.Id, plan.Planned, adlQuantity, PerLotCost(m, adlPrice, mark)))
                plan.Take(null, winner, q, adlPrice, rank);
            return;
        }

        while (plan.Remaining > 0)
        {
            // Naive on purpose: the whole opposing side is scored and sorted again for every fill.
            var queue = AdlQueue(m, -side, account.Id);
            int pick = -1;
            decimal left = 0;
            for (int i = 0; i < queue.Count; i++)
            {
                left = -side * (queue[i].Account.QuantityIn(m.Id) + plan.Planned.GetValueOrDefault(queue[i].Account.Id));
                if (left > 0)
                {
                    pick = i;
                    break;
                }
            }

            if (pick < 0)
                break;
            plan.Take(null, queue[pick].Account, Math.Min(left, plan.Remaining), adlPrice, pick + 1);
        }
    }

    /// <summary>A liquidated position's close-out, planned on a copy of it (the account's own position moves only when a fill is emitted).</summary>
    private sealed class ClosePlan
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

    /// <summary>A plan for the account's position in <paramref name="m"/>, or for <paramref name="part"/> of it (signed; a partial liquidation).</summary>
    private ClosePlan NewPlan(RAccount account, RMarket m, IReadOnlySet<string> members, decimal? part = null)
    {
        var position = account.Position(m.Id);
        var otherPnl = PnlExcept(account, m.Id);
        return new ClosePlan
        {
            Account = account,
            Market = m,
            Quantity = part ?? position.Quantity,
            Mark = m.Mark!.Value,
            Equity = Equity(account),
            Maintenance = Margin(account, maintenance: true, skip: null),
            Bankruptcy = BankruptcyPrice(m, account.Balance + otherPnl, position.Quantity, position.Cost),
            OtherPnl = otherPnl,
            Sim = new RPosition { Quantity = position.Quantity, Cost = position.Cost },
            Liquidating = members,
            SimBalance = account.Balance,
            Remaining = Math.Abs(part ?? position.Quantity),
        };
    }

    /// <summary>
    /// Plans the rungs from <paramref name="from"/> on and then the fund's take-over; in a <paramref name="wave"/> stops at the
    /// ADL rung (its lots left for the pooled allocation) and returns the index after it, otherwise −1.
    /// </summary>
    private int Rungs(ClosePlan plan, int from, bool wave)
    {
        var m = plan.Market;
        int side = plan.Side;
        bool fund = plan.Account.Id == InsuranceName; // an insolvent fund: nothing takes over what is left, ADL whatever the trigger
        for (int i = from; i < _config.CloseOut.Count; i++)
        {
            if (plan.Remaining == 0)
                break;
            switch (_config.CloseOut[i])
            {
                case CloseOutStage.Book:
                    PlanBook(plan);
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
                    if (!fund && FundAbsorbs(plan.SimEquity))
                        break; // the fund can absorb the shortfall: it takes the position over at the mark below
                    if (!wave)
                    {
                        PlanAdl(plan);
                        break;
                    }

                    plan.AdlQuantity = plan.Remaining;
                    plan.AdlPrice = AdlPriceOf(m, plan.CurrentBankruptcy());
                    return i + 1;
                default:
                    throw new NotSupportedException($"close-out stage {_config.CloseOut[i]}");
            }
        }

        if (!fund)
            plan.Take(CloseOutVia.Fund, _accounts[InsuranceName], plan.Remaining, plan.Mark, 0);
        return -1;
    }

    /// <summary>The book's levels, best first, until the plan is placed or the book is empty.</summary>
    private void PlanBook(ClosePlan plan)
    {
        foreach (var (price, q) in plan.Side > 0 ? plan.Market.Bids : plan.Market.Asks)
        {
            if (plan.Remaining == 0)
                break;
            plan.Take(CloseOutVia.Book, _accounts[MarketName], Math.Min(q, plan.Remaining), price, 0);
        }
    }

    /// <summary>
    /// Emits a fully planned close-out: the liquidation with its fee (the fee on what was closed, at most the equity the
    /// fills leave), the fills, the fee. An insolvent fund pays itself no fee, and with no fill keeps its position.
    /// </summary>
    private void Complete(ClosePlan plan)
    {
        if (plan.Account.Id == InsuranceName)
        {
            if (plan.Fills.Count > 0)
                EmitPlan(plan, announce: 0, charge: 0);
            return;
        }

        var fee = plan.PlannedFee(0, plan.Mark);
        EmitPlan(plan, announce: fee, charge: fee);
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
    /// Emits (and applies) the plan's fills not yet emitted: after its <see cref="Liquidated"/> with the fee
    /// <paramref name="announce"/> when not null, then the fee <paramref name="charge"/> when positive.
    /// </summary>
    private void EmitPlan(ClosePlan plan, decimal? announce, decimal charge)
    {
        if (announce is { } fee)
            Emit(new Liquidated(new AccountId(plan.Account.Id), new MarketId(plan.Market.Id), Lots(plan.Market, plan.Quantity), Ticks(plan.Market, plan.Mark),
                Ticks(plan.Market, plan.Bankruptcy), MoneyOf(fee), MoneyOf(plan.Equity), MoneyOf(plan.Maintenance)));
        EmitFills(plan);
        ChargeFee(plan, charge);
    }

    /// <summary>Emits (and applies) the plan's fills not yet emitted.</summary>
    private void EmitFills(ClosePlan plan)
    {
        var a = plan.Account;
        var m = plan.Market;
        int side = plan.Side;
        for (int i = plan.Emitted; i < plan.Fills.Count; i++)
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
    }

    /// <summary>The liquidation fee, from the account to the fund, when positive.</summary>
    private void ChargeFee(ClosePlan plan, decimal fee)
    {
        if (fee <= 0)
            return;
        var fund = _accounts[InsuranceName];
        Emit(new InsuranceFundChanged(MoneyOf(fee), MoneyOf(fund.Balance + fee), FundReason.LiquidationFee, new AccountId(plan.Account.Id)));
        fund.Balance += fee;
        plan.Account.Balance -= fee;
    }
}
