using SocialLoss.Core.Accounts;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// One liquidated position's close-out, planned on a copy of the position before any fill is emitted: who takes
/// how many lots at what price. The ladder fills it rung by rung; a per-wave ADL leaves the ADL rung's lots open
/// (<see cref="AdlLots"/>) for the wave's pooled allocation to take.
/// </summary>
internal sealed class CloseOutPlan
{
    /// <summary>One planned fill: via a close-out counterparty (book, backstop, fund) or, when null, an ADL fill.</summary>
    public readonly record struct Fill(CloseOutVia? Via, Account Counterparty, long Lots, Price Price, int Rank);

    /// <summary>A plan to close the whole position, or only <paramref name="lots"/> of it (a partial liquidation).</summary>
    public CloseOutPlan(Ledger ledger, Account account, MarketState market, long? lots = null)
    {
        Account = account;
        Market = market;
        var position = account.PositionIn(market.Id)!;
        Quantity = lots is { } part ? new Quantity(position.Quantity.Sign * part) : position.Quantity;
        Side = Quantity.Sign;
        Mark = market.RequireMark();
        Equity = Risk.Equity(ledger, account);
        Maintenance = Risk.MaintenanceMargin(ledger, account);
        Bankruptcy = Risk.BankruptcyPrice(ledger, account, market.Id);
        OtherPnl = Risk.UnrealizedPnlExcept(ledger, account, market.Id);
        Sim = position.Clone();
        SimBalance = account.Balance;
        Remaining = Math.Abs(Quantity.Lots);
    }

    public Account Account { get; }

    public MarketState Market { get; }

    /// <summary>The signed position when liquidated.</summary>
    public Quantity Quantity { get; }

    /// <summary>+1 long, −1 short.</summary>
    public int Side { get; }

    public Price Mark { get; }

    public Money Equity { get; }

    public Money Maintenance { get; }

    /// <summary>The bankruptcy price when liquidated.</summary>
    public Price Bankruptcy { get; }

    /// <summary>Unrealized PnL of the account's other positions.</summary>
    public Money OtherPnl { get; }

    /// <summary>The position as the planned fills leave it.</summary>
    public Position Sim { get; }

    /// <summary>The balance as the planned fills leave it.</summary>
    public Money SimBalance { get; private set; }

    /// <summary>Lots not yet planned.</summary>
    public long Remaining { get; private set; }

    public List<Fill> Fills { get; } = [];

    /// <summary>What the plan already does to each counterparty's position (signed lots), so a later rung sees it as it will be.</summary>
    public Dictionary<string, long> Planned { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The other accounts of the wave being liquidated with it (per-wave allocation), or null: their own plans are
    /// open, so none of them may take this position as a backstop — a fill on one would take lots its plan still
    /// has to close.
    /// </summary>
    public IReadOnlySet<string>? Liquidating { get; init; }

    /// <summary>Whether <paramref name="id"/> may still become a close-out counterparty of this plan.</summary>
    public bool MayTake(string id) => !Planned.ContainsKey(id) && Liquidating?.Contains(id) != true;

    /// <summary>Lots left open for the wave's pooled ADL (per-wave allocation), at <see cref="AdlPrice"/>.</summary>
    public long AdlLots { get; set; }

    /// <summary>The price of this plan's ADL fills.</summary>
    public Price AdlPrice { get; set; }

    /// <summary>The fee announced in the <see cref="Liquidated"/> event.</summary>
    public Money Fee { get; set; }

    /// <summary>Fills already emitted (by <see cref="CloseOutLadder.Begin"/>).</summary>
    public int Emitted { get; set; }

    /// <summary>Index of the ladder rung after the deferred ADL rung.</summary>
    public int NextStage { get; set; }

    /// <summary>Equity the planned fills leave, other positions at their marks.</summary>
    public Money SimEquity => SimBalance + OtherPnl + Sim.UnrealizedPnl(Market.Spec, Mark);

    /// <summary>The bankruptcy price of what is left of the position after the planned fills.</summary>
    public Price CurrentBankruptcy() => Risk.BankruptcyPrice(SimBalance + OtherPnl, Sim.Quantity, Sim.Cost, Market.Spec);

    /// <summary>Plans a fill of <paramref name="lots"/> (none when not positive).</summary>
    public void Take(CloseOutVia? via, Account counterparty, long lots, Price price, int rank)
    {
        if (lots <= 0)
            return;
        SimBalance += Sim.Apply(new Quantity(-Side * lots), price, Market.Spec);
        Remaining -= lots;
        Fills.Add(new Fill(via, counterparty, lots, price, rank));
        Planned[counterparty.Id.Value] = Planned.GetValueOrDefault(counterparty.Id.Value) + Side * lots;
    }

    /// <summary>The liquidation fee of the planned fills, capped by what the account has left.</summary>
    public Money PlannedFee(long extraLots, Price extraPrice)
    {
        var closed = Money.Zero;
        foreach (var f in Fills)
            closed += Market.Spec.Notional(new Quantity(f.Lots), f.Price);
        closed += Market.Spec.Notional(new Quantity(extraLots), extraPrice);
        var left = SimEquity; // a partial liquidation leaves part of the position open, valued at the mark
        if (extraLots > 0)
        {
            var after = Sim.Clone();
            left = SimBalance + OtherPnl + after.Apply(new Quantity(-Side * extraLots), extraPrice, Market.Spec) + after.UnrealizedPnl(Market.Spec, Mark);
        }

        return Money.Min(Market.Spec.LiquidationFee.ApplyFloor(closed), Money.Max(Money.Zero, left));
    }
}
