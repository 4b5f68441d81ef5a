using SocialLoss.Core.Accounts;
using SocialLoss.Core.Adl;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Closes one liquidated position down the configured ladder: the book (external liquidity), then
/// backstop accounts, then ADL of opposing positions; the insurance fund takes what is left at mark.
/// The fills are planned first on a copy of the position, so the <see cref="Liquidated"/> event can
/// carry the fee and come before the fills it announces.
/// </summary>
internal static class CloseOutLadder
{
    /// <summary>
    /// FTX's backstop price: ⅔ x zero price + ⅓ x mark, zero price = mark x (1 ∓ MF) with margin fraction
    /// MF = account value / total position notional; so <c>mark x (1 − ⅔ x side x MF)</c>, rounded in the
    /// liquidated account's favour (up for a long). Source: https://help.ftx.com/hc/en-us/articles/360027668712-Liquidations
    /// </summary>
    internal static Price FtxBackstopPrice(Ledger ledger, Account account, MarketState market, Position sim, Money otherEquity, int side)
    {
        var mark = market.RequireMark();
        var equity = otherEquity + sim.UnrealizedPnl(market.Spec, mark);
        Int128 notional = market.Spec.Notional(sim.Quantity, mark).Micros;
        foreach (var (name, p) in account.OpenPositions)
        {
            if (name == market.Id.Value)
                continue;
            var ms = ledger.Markets[name];
            notional += ms.Spec.Notional(p.Quantity, ms.RequireMark()).Micros;
        }

        if (notional == 0)
            return mark;
        Int128 n = (Int128)mark.Ticks * (3 * notional - 2 * side * (Int128)equity.Micros);
        Int128 d = 3 * notional;
        var ticks = side > 0 ? FixedPoint.CeilDiv(n, d) : FixedPoint.FloorDiv(n, d);
        return new Price(FixedPoint.ToLong(Int128.Max(ticks, 0)));
    }

    /// <summary>OKX: the fund is below its average over the window minus max(30% of it, the floor).</summary>
    internal static bool BelowOkxThreshold(Ledger ledger)
    {
        if (ledger.FundHistory.Count == 0)
            return false;
        Int128 sum = 0;
        foreach (var b in ledger.FundHistory)
            sum += b;
        var average = sum / ledger.FundHistory.Count;
        var drawdown = Int128.Max(average * 3 / 10, ledger.Config.AdlFloor.Micros);
        return ledger.Insurance.Balance.Micros < average - drawdown;
    }

    /// <summary>Closes one liquidated position down the ladder: plans every fill, then emits them.</summary>
    public static void CloseOut(IEventSink sink, Account account, MarketState market)
    {
        var plan = new CloseOutPlan(sink.Ledger, account, market);
        Rungs(sink, plan, 0, wave: false);
        if (!ReferenceEquals(account, sink.Ledger.Insurance))
            Emit(sink, plan, 0, plan.PlannedFee(0, plan.Mark));
        else if (plan.Fills.Count > 0)
            Emit(sink, plan, 0, Money.Zero); // an insolvent fund (FundSolvency) pays itself no fee; with no fill it keeps the position
    }

    /// <summary>
    /// A partial liquidation: the plan's lots go to the book only, and what it does not take stays with the account.
    /// Emits nothing and returns false when the book takes nothing.
    /// </summary>
    public static bool CloseThroughBook(IEventSink sink, CloseOutPlan plan)
    {
        foreach (var level in plan.Side > 0 ? plan.Market.Bids : plan.Market.Asks)
        {
            if (plan.Remaining == 0)
                break;
            if (plan.Market.Spec.FitsOpenValue(plan.Market.OpenInterest, level.Price)) // else not liquidity (Bounds)
                plan.Take(CloseOutVia.Book, sink.Ledger.MarketAccount, Math.Min(level.Quantity.Lots, plan.Remaining), level.Price, 0);
        }

        if (plan.Fills.Count == 0)
            return false;
        Emit(sink, plan, 0, plan.PlannedFee(0, plan.Mark));
        return true;
    }

    /// <summary>
    /// Per-wave allocation: plans the rungs up to ADL and emits the <see cref="Liquidated"/> event and those fills, so
    /// the next account of the wave sees the book and the backstops as they left them. Returns the plan when its ADL
    /// lots are left for the wave's pooled ADL (then <see cref="EmitPooledAdl"/> and <see cref="Finish"/> complete it), or null when it is done.
    /// No account of <paramref name="wave"/> becomes a backstop of the plan (<see cref="CloseOutPlan.Liquidating"/>).
    /// </summary>
    public static CloseOutPlan? Begin(IEventSink sink, Account account, MarketState market, IReadOnlySet<string> wave)
    {
        var plan = new CloseOutPlan(sink.Ledger, account, market) { Liquidating = wave };
        int next = Rungs(sink, plan, 0, wave: true);
        if (next < 0)
        {
            Emit(sink, plan, 0, plan.PlannedFee(0, plan.Mark));
            return null;
        }

        plan.NextStage = next;
        plan.Fee = plan.PlannedFee(plan.AdlLots, plan.AdlPrice);
        EmitLiquidated(sink, plan, plan.Fee);
        EmitFills(sink, plan, 0);
        plan.Emitted = plan.Fills.Count;
        return plan;
    }

    /// <summary>
    /// Emits the pooled ADL fills planned into a plan <see cref="Begin"/> left open. A wave emits every plan's ADL fills
    /// before any plan goes on down its ladder (<see cref="Finish"/>): the pooled allocation was planned on the
    /// positions as they stood, so no backstop may change a winner's position between two of its planned fills.
    /// </summary>
    public static void EmitPooledAdl(IEventSink sink, CloseOutPlan plan)
    {
        if (sink.Ledger.Config.AdlPrice == ClosePrice.Bankruptcy && plan.Fills.Count > plan.Emitted)
        {
            // The account's other positions may have been closed since the plan began (through the book in a later
            // market of the same account, or by its own pooled fills there): the pooled fills take the bankruptcy
            // price of the position as it is now.
            var bankruptcy = Risk.BankruptcyPrice(sink.Ledger, plan.Account, plan.Market.Id);
            for (int i = plan.Emitted; i < plan.Fills.Count; i++)
                if (plan.Fills[i].Via is null)
                    plan.Fills[i] = plan.Fills[i] with { Price = bankruptcy };
        }

        EmitFills(sink, plan, plan.Emitted);
        plan.Emitted = plan.Fills.Count;
    }

    /// <summary>Completes a plan once its pooled ADL fills are emitted (<see cref="EmitPooledAdl"/>): the rest of its ladder.</summary>
    public static void Finish(IEventSink sink, CloseOutPlan plan)
    {
        Rungs(sink, plan, plan.NextStage, wave: false);
        EmitFills(sink, plan, plan.Emitted);
        // The announced fee assumed every ADL lot was taken at the ADL price; what the fills leave may be less. And the
        // account's other plans of the wave may have charged their fees since this one was planned on its copy: a fee is
        // never more than the account has, or the fees themselves would become bad debt.
        ChargeFee(sink, plan, Money.Min(Money.Min(plan.Fee, plan.PlannedFee(0, plan.Mark)), Money.Max(Money.Zero, Risk.Equity(sink.Ledger, plan.Account))));
    }

    /// <summary>
    /// Plans the rungs from <paramref name="from"/> on, then the fund's take-over of what is left. For a
    /// <paramref name="wave"/>, stops at the ADL rung and returns the index after it (every lot left open for the
    /// pooled ADL, which sizes a budgeted ADL on the whole wave); otherwise returns −1.
    /// </summary>
    private static int Rungs(IEventSink sink, CloseOutPlan plan, int from, bool wave)
    {
        var ledger = sink.Ledger;
        var config = ledger.Config;
        var market = plan.Market;
        var account = plan.Account;
        int side = plan.Side;
        var mark = plan.Mark;
        bool fund = ReferenceEquals(account, ledger.Insurance); // an insolvent fund (FundSolvency): nobody takes over what is left
        for (int i = from; i < config.CloseOut.Count; i++)
        {
            if (plan.Remaining == 0)
                break;
            switch (config.CloseOut[i])
            {
                case CloseOutStage.Book:
                    foreach (var level in side > 0 ? market.Bids : market.Asks)
                    {
                        if (plan.Remaining == 0)
                            break;
                        if (!market.Spec.FitsOpenValue(market.OpenInterest, level.Price))
                            continue; // a level priced beyond what a market may hold is not liquidity (Bounds): its fill could not be valued in 64 bits
                        plan.Take(CloseOutVia.Book, ledger.MarketAccount, Math.Min(level.Quantity.Lots, plan.Remaining), level.Price, 0);
                    }

                    break;
                case CloseOutStage.Backstop:
                    if (config.BackstopTransferBelow is { } below)
                    {
                        BackstopTransfer.Plan(ledger, plan, below);
                        break;
                    }

                    var backstopPrice = config.BackstopPrice switch
                    {
                        ClosePrice.Mark => mark,
                        ClosePrice.Ftx => FtxBackstopPrice(ledger, account, market, plan.Sim, plan.SimBalance + plan.OtherPnl, side),
                        _ => plan.CurrentBankruptcy(),
                    };
                    foreach (var (backstop, taken) in Backstops.Allocate(ledger, plan, backstopPrice))
                        plan.Take(CloseOutVia.Backstop, backstop, taken, backstopPrice, 0);
                    break;
                case CloseOutStage.Adl:
                    if (config.AdlTrigger != AdlTrigger.Always && !fund
                        && FundSolvency.Payable(ledger) >= -Money.Min(Money.Zero, plan.SimEquity)
                        && !(config.AdlTrigger == AdlTrigger.Okx && BelowOkxThreshold(ledger)))
                        break; // the fund can absorb it: it takes the position over at mark below
                    var adlPrice = AdlPrice(config, market, plan);
                    if (wave)
                    {
                        plan.AdlLots = plan.Remaining;
                        plan.AdlPrice = adlPrice;
                        return i + 1;
                    }

                    long adlLots = plan.Remaining;
                    if (config.AdlRanking == AdlRankingKind.Budgeted)
                    {
                        var shortfall = Money.Max(Money.Zero, -plan.SimEquity);
                        var fundPays = fund ? Money.Zero : Money.Min(shortfall, FundSolvency.Payable(ledger));
                        adlLots = BudgetedAdl.NeededLots(plan, adlPrice, shortfall - fundPays);
                    }

                    var cost = PerLotCost(market, adlPrice, mark);
                    foreach (var (winner, taken, rank) in AdlAllocator.Allocate(sink, market, side, id => id == account.Id.Value, plan.Planned, adlLots, cost))
                        plan.Take(null, winner, taken, adlPrice, rank);
                    break;
                default:
                    throw new InvalidOperationException($"unknown close-out stage {config.CloseOut[i]}");
            }
        }

        if (!fund)
            plan.Take(CloseOutVia.Fund, ledger.Insurance, plan.Remaining, mark, 0);
        return -1;
    }

    /// <summary>The price of the plan's ADL fills under the configured <c>adl.price</c>.</summary>
    private static Price AdlPrice(EngineConfig config, MarketState market, CloseOutPlan plan) => config.AdlPrice switch
    {
        ClosePrice.Mark => plan.Mark,
        ClosePrice.PreviousMark => market.PreviousMark ?? plan.Mark,
        _ => plan.CurrentBankruptcy(),
    };

    /// <summary>What one lot closed at <paramref name="price"/> instead of the mark costs the winner who takes it.</summary>
    internal static Money PerLotCost(MarketState market, Price price, Price mark) =>
        market.Spec.Notional(new Quantity(1), new Price(Math.Abs(price.Ticks - mark.Ticks)));

    private static void Emit(IEventSink sink, CloseOutPlan plan, int from, Money fee)
    {
        EmitLiquidated(sink, plan, fee);
        EmitFills(sink, plan, from);
        ChargeFee(sink, plan, fee);
    }

    private static void ChargeFee(IEventSink sink, CloseOutPlan plan, Money fee)
    {
        if (fee.IsPositive)
            sink.Emit(new InsuranceFundChanged(fee, sink.Ledger.Insurance.Balance + fee, FundReason.LiquidationFee, plan.Account.Id));
    }

    private static void EmitLiquidated(IEventSink sink, CloseOutPlan plan, Money fee) =>
        sink.Emit(new Liquidated(plan.Account.Id, plan.Market.Id, plan.Quantity, plan.Mark, plan.Bankruptcy, fee, plan.Equity, plan.Maintenance));

    private static void EmitFills(IEventSink sink, CloseOutPlan plan, int from)
    {
        for (int i = from; i < plan.Fills.Count; i++)
        {
            var f = plan.Fills[i];
            if (f.Via is { } via)
                sink.Emit(new ClosedOut(plan.Account.Id, plan.Market.Id, f.Counterparty.Id, via, new Quantity(f.Lots), f.Price));
            else
                sink.Emit(new Deleveraged(f.Counterparty.Id, plan.Account.Id, plan.Market.Id, new Quantity(f.Lots), f.Price, f.Rank));
        }
    }
}
