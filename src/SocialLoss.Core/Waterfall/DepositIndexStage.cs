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
        var charges = new Charges();
        foreach (var a in ledger.Accounts.Values)
        {
            if (a.IsBuiltIn || a.Id == bankrupt.Id || !a.Balance.IsPositive)
                continue;
            charges.Add(a, a.Balance.Micros, a.Balance.Micros, a.Balance.Micros);
        }

        return charges.Charge(sink, bankrupt, remaining, WaterfallStageKind.DepositIndex);
    }
}
