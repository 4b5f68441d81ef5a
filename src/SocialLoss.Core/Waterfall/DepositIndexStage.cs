using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Deposit-index haircut (Drift spot <c>resolve_spot_bankruptcy</c>, Mango v4 token bankruptcy): every
/// depositor (positive cash balance; not the bankrupt account, not the built-in ones) loses the same
/// fraction of its balance. Drift's test: a loss of 100 over deposits of 1,000 → index 0.9, deposits 900.
/// </summary>
internal sealed class DepositIndexStage : IWaterfallStage
{
    public static readonly DepositIndexStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var ledger = sink.Ledger;
        var payers = new List<Account>();
        var balances = new List<long>();
        long total = 0;
        foreach (var a in ledger.Accounts.Values)
        {
            if (a.IsBuiltIn || a.Id == bankrupt.Id || !a.Balance.IsPositive)
                continue;
            payers.Add(a);
            balances.Add(a.Balance.Micros);
            total = checked(total + a.Balance.Micros);
        }

        if (total == 0)
            return Money.Zero;
        var parts = WaterFilling.Allocate(remaining.Micros, balances.ToArray(), balances.ToArray());
        long covered = parts.Sum();
        decimal rate = (decimal)covered / total;
        for (int i = 0; i < payers.Count; i++)
            if (parts[i] > 0)
                sink.Emit(new ClawedBack(payers[i].Id, bankrupt.Id, new Money(parts[i]), new Money(balances[i]), rate) { Stage = WaterfallStageKind.DepositIndex });
        return new Money(covered);
    }
}
