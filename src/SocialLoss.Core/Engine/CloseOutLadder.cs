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
    private readonly record struct Fill(CloseOutVia? Via, Account Counterparty, long Lots, Price Price, int Rank);

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

    public static void CloseOut(IEventSink sink, Account account, MarketState market)
    {
        var ledger = sink.Ledger;
        var config = ledger.Config;
        var spec = market.Spec;
        var position = account.PositionIn(market.Id)!;
        var quantity = position.Quantity;
        int side = quantity.Sign;
        var mark = market.RequireMark();
        var equity = Risk.Equity(ledger, account);
        var maintenance = Risk.MaintenanceMargin(ledger, account);
        var bankruptcy = Risk.BankruptcyPrice(ledger, account, market.Id);
        var otherPnl = Risk.UnrealizedPnlExcept(ledger, account, market.Id);
        bool fund = ReferenceEquals(account, ledger.Insurance); // an insolvent fund (FundSolvency): nobody takes over what is left

        var sim = position.Clone();
        var simBalance = account.Balance;
        long remaining = Math.Abs(quantity.Lots);
        var fills = new List<Fill>();
        // What this plan already does to each counterparty's position (in lots, signed), so a later rung
        // sees the position as it will be: a backstop that was short is a smaller short for ADL.
        var planned = new Dictionary<string, long>(StringComparer.Ordinal);

        void Take(CloseOutVia? via, Account counterparty, long lots, Price price, int rank)
        {
            if (lots <= 0)
                return;
            simBalance += sim.Apply(new Quantity(-side * lots), price, spec);
            remaining -= lots;
            fills.Add(new Fill(via, counterparty, lots, price, rank));
            planned[counterparty.Id.Value] = planned.GetValueOrDefault(counterparty.Id.Value) + side * lots;
        }

        Price CurrentBankruptcy() => Risk.BankruptcyPrice(simBalance + otherPnl, sim.Quantity, sim.Cost, spec);

        foreach (var stage in config.CloseOut)
        {
            if (remaining == 0)
                break;
            switch (stage)
            {
                case CloseOutStage.Book:
                    foreach (var level in side > 0 ? market.Bids : market.Asks)
                    {
                        if (remaining == 0)
                            break;
                        if (!spec.FitsOpenValue(market.OpenInterest, level.Price))
                            continue; // a level priced beyond what a market may hold is not liquidity (Bounds): its fill could not be valued in 64 bits
                        Take(CloseOutVia.Book, ledger.MarketAccount, Math.Min(level.Quantity.Lots, remaining), level.Price, 0);
                    }

                    break;
                case CloseOutStage.Backstop:
                    var backstopPrice = config.BackstopPrice switch
                    {
                        ClosePrice.Mark => mark,
                        ClosePrice.Ftx => FtxBackstopPrice(ledger, account, market, sim, simBalance + otherPnl, side),
                        _ => CurrentBankruptcy(),
                    };
                    foreach (var (backstop, lots) in Backstops.Allocate(ledger, account, market, side, backstopPrice, remaining, planned.Keys))
                        Take(CloseOutVia.Backstop, backstop, lots, backstopPrice, 0);
                    break;
                case CloseOutStage.Adl:
                    if (config.AdlTrigger != AdlTrigger.Always && !fund
                        && ledger.Insurance.Balance >= -Money.Min(Money.Zero, simBalance + otherPnl + sim.UnrealizedPnl(spec, mark))
                        && !(config.AdlTrigger == AdlTrigger.Okx && BelowOkxThreshold(ledger)))
                        break; // the fund can absorb it: it takes the position over at mark below
                    var adlPrice = config.AdlPrice == ClosePrice.Mark ? mark : CurrentBankruptcy();
                    if (config.AdlRanking == AdlRankingKind.Fair)
                    {
                        foreach (var (winner, lots, rank) in FairAdl.Allocate(ledger, market, side, account, planned, remaining))
                            Take(null, winner, lots, adlPrice, rank);
                        break;
                    }

                    int place = 0;
                    foreach (var candidate in sink.AdlQueue(market.Id, -side))
                    {
                        if (remaining == 0)
                            break;
                        if (candidate.Account.Id == account.Id)
                            continue; // the liquidated account is never its own counterparty
                        place++;
                        // -side x lots left on the opposing side once this plan's earlier fills are done
                        long left = -side * (candidate.Quantity.Lots + planned.GetValueOrDefault(candidate.Account.Id.Value));
                        if (left > 0)
                            Take(null, candidate.Account, Math.Min(left, remaining), adlPrice, place);
                    }
                    break;
                default:
                    throw new InvalidOperationException($"unknown close-out stage {stage}");
            }
        }

        if (!fund)
            Take(CloseOutVia.Fund, ledger.Insurance, remaining, mark, 0);
        else if (fills.Count == 0)
            return; // no rung takes any of it: the fund keeps the position, its negative equity becomes deficit

        var closedNotional = Money.Zero;
        foreach (var f in fills)
            closedNotional += spec.Notional(new Quantity(f.Lots), f.Price);
        var fee = fund ? Money.Zero : Money.Min(spec.LiquidationFee.ApplyFloor(closedNotional), Money.Max(Money.Zero, simBalance + otherPnl));

        sink.Emit(new Liquidated(account.Id, market.Id, quantity, mark, bankruptcy, fee, equity, maintenance));
        foreach (var f in fills)
        {
            if (f.Via is { } via)
                sink.Emit(new ClosedOut(account.Id, market.Id, f.Counterparty.Id, via, new Quantity(f.Lots), f.Price));
            else
                sink.Emit(new Deleveraged(f.Counterparty.Id, account.Id, market.Id, new Quantity(f.Lots), f.Price, f.Rank));
        }

        if (fee.IsPositive)
            sink.Emit(new InsuranceFundChanged(fee, ledger.Insurance.Balance + fee, FundReason.LiquidationFee, account.Id));
    }
}
