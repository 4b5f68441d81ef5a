using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Checks each event of a stream against the state rebuilt from the events before it (<see cref="EventReader.Audit"/>):
/// every running total an event states (fund balance, deficit, skin in the game, default fund), every figure a
/// liquidation announces (mark, position, equity, maintenance margin, bankruptcy price, and the fee the fund then
/// receives), a bad debt against the balance it resolves, a fund take-over and a mark-priced ADL against the mark.
/// What cannot be derived from earlier events (a new mark, a trade) is covered by the <see cref="EventChain"/>.
/// </summary>
public sealed class EventAudit
{
    private readonly Ledger _ledger;
    private (AccountId Account, Money Fee, long Seq)? _fee; // a liquidation's fee, until the fund's event pays it
    private int _cmd;

    /// <summary>An audit of the events applied to <paramref name="ledger"/>.</summary>
    public EventAudit(Ledger ledger) => _ledger = ledger;

    /// <summary>What in <paramref name="e"/> does not match the state before it, or null.</summary>
    public string? Check(EngineEvent e)
    {
        if (e.Cmd < _cmd)
            return $"cmd {e.Cmd} goes back from {_cmd}";
        if (_fee is { } owed && (e.Cmd != _cmd || e is Liquidated))
            return $"the liquidation in event {owed.Seq} announced a fee of {owed.Fee} that no insuranceFund event paid";
        _cmd = e.Cmd;
        var fund = _ledger.Insurance;
        switch (e)
        {
            case InsuranceFundChanged f:
                if (f.Balance != fund.Balance + f.Change)
                    return $"balance {f.Balance}, but the fund held {fund.Balance} and the change is {f.Change}";
                if (f.Reason == FundReason.LiquidationFee)
                {
                    if (_fee is not { } due)
                        return $"a liquidation fee of {f.Change} from {f.Account} that no liquidated event announced";
                    if (f.Account != due.Account || f.Change != due.Fee)
                        return $"a liquidation fee of {f.Change} from {f.Account}, but the liquidation in event {due.Seq} announced {due.Fee} from {due.Account}";
                    _fee = null;
                }

                break;
            case DeficitChanged d when d.Total != _ledger.Deficit + d.Change:
                return $"total {d.Total}, but the deficit was {_ledger.Deficit} and the change is {d.Change}";
            case SitgContributed s when s.Total != _ledger.Sitg + s.Amount:
                return $"total {s.Total}, but skin in the game was {_ledger.Sitg} and the amount is {s.Amount}";
            case MemberContributed m when m.DefaultFund != (_ledger.Account(m.Account)?.DefaultFund ?? Money.Zero) + m.Amount:
                return $"defaultFund {m.DefaultFund}, but {m.Account} had contributed {_ledger.Account(m.Account)?.DefaultFund ?? Money.Zero} and the amount is {m.Amount}";
            case Withdrawn w when w.Haircut.IsNegative || w.Haircut > w.Amount:
                return $"haircut {w.Haircut} outside 0 .. {w.Amount}";
            case BadDebt b:
                var account = _ledger.Account(b.Account);
                if (account is null)
                    return $"account {b.Account} does not exist";
                var owes = -(b.Account == AccountId.Insurance ? Risk.Equity(_ledger, fund) : account.Balance);
                if (b.Amount != owes || !b.Amount.IsPositive)
                    return $"amount {b.Amount}, but {b.Account} owes {owes}";
                break;
            case Liquidated l:
                return Liquidation(l);
            case ClosedOut { Via: CloseOutVia.Fund } c when c.Price != _ledger.Market(c.Market)?.Mark:
                return $"the fund took the position over at {c.Price} ticks, not at the mark";
            case Deleveraged dl when _ledger.Config.AdlPrice == ClosePrice.Mark && dl.Price != _ledger.Market(dl.Market)?.Mark:
                return $"price {dl.Price} is not the mark, the configured ADL price";
        }

        return null;
    }

    /// <summary>Null when the stream ended with nothing owed; else what is missing.</summary>
    public string? Finish() =>
        _fee is { } owed ? $"the liquidation in event {owed.Seq} announced a fee of {owed.Fee} that no insuranceFund event paid" : null;

    private string? Liquidation(Liquidated l)
    {
        var account = _ledger.Account(l.Account);
        var market = _ledger.Market(l.Market);
        if (account is null || market is null)
            return $"account {l.Account} or market {l.Market} does not exist";
        var spec = market.Spec;
        if (l.Price != market.Mark)
            return $"price {spec.Format(l.Price)} is not the mark {(market.Mark is { } m ? spec.Format(m) : "(none)")}";
        if (l.Quantity != account.QuantityIn(l.Market) || l.Quantity.IsZero)
            return $"quantity {spec.Format(l.Quantity)}, but {l.Account} holds {spec.Format(account.QuantityIn(l.Market))}";
        var equity = Risk.Equity(_ledger, account);
        if (l.Equity != equity)
            return $"equity {l.Equity}, but {l.Account}'s is {equity}";
        var maintenance = Risk.MaintenanceMargin(_ledger, account);
        if (l.MaintenanceMargin != maintenance)
            return $"maintenanceMargin {l.MaintenanceMargin}, but {l.Account}'s is {maintenance}";
        var bankruptcy = Risk.BankruptcyPrice(_ledger, account, l.Market);
        if (l.BankruptcyPrice != bankruptcy)
            return $"bankruptcyPrice {spec.Format(l.BankruptcyPrice)}, but the state gives {spec.Format(bankruptcy)}";
        if (l.Fee.IsNegative)
            return $"fee {l.Fee} is negative";
        if (l.Fee.IsPositive)
            _fee = (l.Account, l.Fee, l.Seq);
        return null;
    }
}
