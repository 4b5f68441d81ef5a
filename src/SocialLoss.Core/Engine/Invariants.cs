using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// The invariants every state must satisfy, checked by tests and by <c>replay --check</c> after every command.
/// </summary>
public static class Invariants
{
    /// <summary>Returns the first violated invariant, described, or null when all hold.</summary>
    public static string? Check(Ledger ledger)
    {
        // Conservation: Σ balances + Σ uPnL (+ the funding index's rounding) == net deposits + deficit, exactly.
        Int128 balances = ledger.Sitg.Micros, pnl = 0; // CCP resources count as balances held apart
        foreach (var a in ledger.Accounts.Values)
        {
            balances += a.Balance.Micros + a.DefaultFund.Micros;
            pnl += Risk.UnrealizedPnl(ledger, a).Micros;
            if (a.DefaultFund.IsNegative)
                return $"account {a.Id} has a negative default-fund contribution {a.DefaultFund}";
        }

        if (ledger.Sitg.IsNegative)
            return $"skin in the game {ledger.Sitg} is negative";

        // The funding index's rounding against the accounts keeps a whole number of micro-units out of the balances
        // (the exact accruals sum to zero): it is counted here, with the market that holds it.
        var rounding = ledger.FundingRounding();
        if (rounding < 0 || rounding % Numbers.Rate.Scale != 0)
            return $"funding: the index's rounding kept {rounding} 10⁻⁹ micro-units, not a whole, non-negative number of micro-units";
        balances += rounding / Numbers.Rate.Scale;
        Int128 expected = (Int128)ledger.NetDeposits.Micros + ledger.Deficit.Micros;
        if (balances + pnl != expected)
            return $"conservation: balances (with default funds) {FixedPoint.Format(balances, Money.Decimals)} + unrealized PnL {FixedPoint.Format(pnl, Money.Decimals)} != net deposits {ledger.NetDeposits} + deficit {ledger.Deficit}";

        // Positions net to zero in every market, across all accounts (incl. market and insurance).
        foreach (var m in ledger.Markets.Values)
        {
            Int128 net = 0, longs = 0;
            foreach (var a in ledger.Accounts.Values)
            {
                long q = a.QuantityIn(m.Id).Lots;
                net += q;
                longs += Math.Max(q, 0);
            }

            if (net != 0)
                return $"positions: {m.Id} nets to {net} lots, not 0";
            if (longs != m.OpenInterest.Lots)
                return $"open interest: {m.Id} records {m.OpenInterest.Lots} lots, the positions hold {longs} long";
        }

        // The fund's cash may go negative through positions it took over (funding, realized losses), but never its
        // equity: an insolvent fund's positions are closed out and what is left negative becomes deficit (FundSolvency).
        var fundEquity = Risk.Equity(ledger, ledger.Insurance);
        if (fundEquity.IsNegative)
            return $"insurance fund: equity {fundEquity} (cash {ledger.Insurance.Balance}) is below zero and no deficit records it";
        if (ledger.Deficit.IsNegative)
            return $"deficit {ledger.Deficit} is negative";
        foreach (var a in ledger.Accounts.Values)
        {
            if (!a.IsBuiltIn && !a.HasPositions && a.Balance.IsNegative)
                return $"account {a.Id} has no position and a negative balance {a.Balance} that no waterfall resolved";
        }

        return null;
    }
}
