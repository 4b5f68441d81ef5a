using SocialLoss.Core.Accounts;
using SocialLoss.Core.Events;
using SocialLoss.Core.Waterfall;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Liquidates, in account-id order, every margined account whose equity is below its maintenance
/// margin (and every member declared in default), and repeats until none is (a close-out can push
/// another account under).
/// </summary>
internal static class LiquidationSweep
{
    public static void Run(IEventSink sink)
    {
        var ledger = sink.Ledger;
        int limit = 2 * ledger.Accounts.Count + 8;
        for (int round = 0; ; round++)
        {
            if (round > limit)
                throw new InvalidOperationException("liquidation sweep did not converge");
            bool any = false;
            foreach (var account in ledger.Accounts.Values.ToArray())
            {
                if (account.IsBuiltIn)
                    continue;
                if ((account.IsDefaulted && account.HasPositions) || Risk.IsBelowMaintenance(ledger, account))
                {
                    Liquidate(sink, account);
                    any = true;
                }
                else if (!account.HasPositions && account.Balance.IsNegative)
                {
                    LossWaterfall.Resolve(sink, account);
                    any = true;
                }
            }

            if (!any)
                return;
        }
    }

    /// <summary>Closes every position of the account down the ladder, then pays what it owes down the waterfall.</summary>
    public static void Liquidate(IEventSink sink, Account account)
    {
        var markets = new List<string>();
        foreach (var (name, _) in account.OpenPositions)
            markets.Add(name);
        foreach (var name in markets)
            CloseOutLadder.CloseOut(sink, account, sink.Ledger.Markets[name]);
        if (sink.Ledger.Config.CloseoutSurplus == SurplusRecipient.Fund && account.Balance.IsPositive && markets.Count > 0)
        {
            var surplus = account.Balance;
            sink.Emit(new InsuranceFundChanged(surplus, sink.Ledger.Insurance.Balance + surplus, FundReason.CloseoutSurplus, account.Id));
        }

        LossWaterfall.Resolve(sink, account);
    }
}
