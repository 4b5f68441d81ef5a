using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Hyperliquid's backstop liquidation: "if the account equity drops below 2/3 of the maintenance margin" after the
/// market orders to the book, "the liquidator vault takes over the cross positions and the cross margin", and the
/// maintenance margin is not returned (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations). A
/// negative account value is ADL's case, not the vault's (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/auto-deleveraging).
/// Handing over a position and the account's collateral is booked as one close-out to the vault at the position's
/// bankruptcy price: the account ends at zero, the vault holds the position and gains exactly the equity the
/// account had (its collateral net of the position's loss at mark) — the same money as a transfer, in the events
/// the ledger already has. A vault that the take-over would leave below its own maintenance margin does not take it
/// (the next rung does), so the vault's capital bounds what it absorbs.
/// </summary>
internal static class BackstopTransfer
{
    /// <summary>Plans the transfer of what is left of the position to the first backstop, when the rule says so.</summary>
    public static void Plan(Ledger ledger, CloseOutPlan plan, Rate below)
    {
        var equity = plan.SimEquity;
        if (equity.IsNegative || plan.Remaining == 0)
            return;
        var spec = plan.Market.Spec;
        var maintenance = Risk.MaintenanceMarginExcept(ledger, plan.Account, plan.Market.Id)
                          + spec.Schedule.Maintenance(spec.Notional(plan.Sim.Quantity, plan.Mark));
        if ((Int128)equity.Micros * Rate.Scale >= (Int128)below.Ppb * maintenance.Micros)
            return; // the book restored it: no backstop
        var price = plan.CurrentBankruptcy();
        foreach (var id in ledger.Backstops) // in id order: Hyperliquid has one liquidator vault
        {
            var vault = ledger.Accounts[id];
            if (!vault.IsBackstop || vault.IsBuiltIn || vault.IsDefaulted || vault.Id == plan.Account.Id || !plan.MayTake(id)
                || !StaysAboveMaintenance(ledger, vault, plan, price))
                continue;
            plan.Take(CloseOutVia.Backstop, vault, plan.Remaining, price, 0);
            return;
        }
    }

    /// <summary>
    /// A vault takes an account only if it stays at or above its own maintenance margin: one that would be liquidated
    /// at once would hand the account on (to another vault, and back), and a vault liquidated by the take-over is ADL's
    /// case. The vault's capital is what bounds what it can absorb.
    /// </summary>
    private static bool StaysAboveMaintenance(Ledger ledger, Accounts.Account vault, CloseOutPlan plan, Price price)
    {
        var spec = plan.Market.Spec;
        var delta = new Quantity(plan.Side * plan.Remaining);
        var (equity, _) = Risk.AfterFill(ledger, vault, plan.Market, delta, price);
        var q = vault.QuantityIn(plan.Market.Id) + delta;
        var maintenance = Risk.MaintenanceMarginExcept(ledger, vault, plan.Market.Id) + spec.Schedule.Maintenance(spec.Notional(q, plan.Mark));
        return equity >= maintenance;
    }
}
