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
    /// <summary>
    /// Checks the accounts in <see cref="IEventSink.Pending"/> in account-id order, liquidating those below
    /// maintenance; accounts touched by a liquidation join the queue (after the cursor: this round; before it:
    /// the next). Every other account is unchanged since it was last found safe, so this visits exactly what a
    /// full scan in id order, repeated until nothing happens, would act on — in the same order.
    /// </summary>
    public static void Run(IEventSink sink)
    {
        if (sink.Ledger.Config.Allocation == AllocationScope.PerWave)
        {
            WaveSweep.Run(sink);
            return;
        }

        if (sink.FullScan)
        {
            RunFullScan(sink);
            return;
        }

        var ledger = sink.Ledger;
        var queue = sink.Pending;
        int limit = 2 * ledger.Accounts.Count + 8;
        while (queue.TryNext(out var next))
        {
            if (queue.Rounds > limit)
                throw new InvalidOperationException("liquidation sweep did not converge");
            if (ledger.Account(new Numbers.AccountId(next)) is { IsBuiltIn: false } account)
                Check(sink, account);
        }
    }

    /// <summary>The naive sweep: every account, in id order, until a round changes nothing. Kept as the oracle.</summary>
    private static void RunFullScan(IEventSink sink)
    {
        var ledger = sink.Ledger;
        int limit = 2 * ledger.Accounts.Count + 8;
        for (int round = 0; ; round++)
        {
            if (round > limit)
                throw new InvalidOperationException("liquidation sweep did not converge");
            bool any = false;
            foreach (var account in ledger.Accounts.Values.ToArray())
                if (!account.IsBuiltIn)
                    any |= Check(sink, account);
            if (!any)
                return;
        }
    }

    /// <summary>Whether <see cref="Check"/> would act on the account now (liquidate it or pay its debt down the waterfall).</summary>
    public static bool NeedsAction(Ledger ledger, Account account) =>
        !account.IsBuiltIn && (account.HasPositions ? account.IsDefaulted || Risk.IsBelowMaintenance(ledger, account) : account.Balance.IsNegative);

    private static bool Check(IEventSink sink, Account account)
    {
        var ledger = sink.Ledger;
        if ((account.IsDefaulted && account.HasPositions) || Risk.IsBelowMaintenance(ledger, account))
        {
            Liquidate(sink, account);
            return true;
        }

        if (!account.HasPositions && account.Balance.IsNegative)
        {
            LossWaterfall.Resolve(sink, account);
            return true;
        }

        return false;
    }

    /// <summary>Closes every position of the account down the ladder, then pays what it owes down the waterfall.</summary>
    public static void Liquidate(IEventSink sink, Account account)
    {
        var markets = new List<string>();
        foreach (var (name, _) in account.OpenPositions)
            markets.Add(name);
        foreach (var name in markets)
            if (!PartialClose.TryClose(sink, account, sink.Ledger.Markets[name]))
                CloseOutLadder.CloseOut(sink, account, sink.Ledger.Markets[name]);
        if (account.HasPositions)
            return; // a partial liquidation left a position: its balance is not a debt yet, the sweep checks it again
        if (sink.Ledger.Config.CloseoutSurplus == SurplusRecipient.Fund && account.Balance.IsPositive && markets.Count > 0)
        {
            var surplus = account.Balance;
            sink.Emit(new InsuranceFundChanged(surplus, sink.Ledger.Insurance.Balance + surplus, FundReason.CloseoutSurplus, account.Id));
        }

        LossWaterfall.Resolve(sink, account);
    }
}
