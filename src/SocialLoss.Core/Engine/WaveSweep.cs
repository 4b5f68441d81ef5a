using SocialLoss.Core.Accounts;
using SocialLoss.Core.Adl;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Waterfall;

namespace SocialLoss.Core.Engine;

/// <summary>
/// The liquidation sweep under per-wave allocation (<see cref="AllocationScope.PerWave"/>): each round takes every
/// account that needs action now as one wave — their close-outs up to the ADL rung in account-id order, one pooled
/// ADL per market side (all its fills emitted before any ladder goes on), then the rest of their ladders, then one waterfall whose clawback shares the pooled debt.
/// Rounds repeat while the wave's own fills push further accounts under (each such round is a new wave).
/// </summary>
internal static class WaveSweep
{
    public static void Run(IEventSink sink)
    {
        var ledger = sink.Ledger;
        int limit = 2 * ledger.Accounts.Count + 8;
        for (int round = 0; ; round++)
        {
            if (round > limit)
                throw new InvalidOperationException("liquidation sweep did not converge");
            var wave = Collect(sink);
            if (wave.Count == 0)
                return;
            RunWave(sink, wave);
        }
    }

    /// <summary>The accounts that need action now, in account-id order.</summary>
    private static List<Account> Collect(IEventSink sink)
    {
        var ledger = sink.Ledger;
        var wave = new List<Account>();
        if (sink.FullScan)
        {
            foreach (var a in ledger.Accounts.Values)
                if (LiquidationSweep.NeedsAction(ledger, a))
                    wave.Add(a);
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (sink.Pending.TryNext(out var id))
                if (seen.Add(id) && ledger.Account(new AccountId(id)) is { IsBuiltIn: false } a && LiquidationSweep.NeedsAction(ledger, a))
                    wave.Add(a);
        }

        wave.Sort((a, b) => a.Id.CompareTo(b.Id));
        return wave;
    }

    private static void RunWave(IEventSink sink, List<Account> wave)
    {
        var ledger = sink.Ledger;
        var open = new List<CloseOutPlan>();
        var liquidated = new List<Account>();
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in wave)
            members.Add(a.Id.Value);
        foreach (var account in wave)
        {
            if (!((account.IsDefaulted && account.HasPositions) || Risk.IsBelowMaintenance(ledger, account)))
                continue;
            var markets = new List<string>();
            foreach (var (name, _) in account.OpenPositions)
                markets.Add(name);
            bool partial = false;
            foreach (var name in markets)
            {
                if (PartialClose.TryClose(sink, account, ledger.Markets[name]))
                    partial = true;
                else if (CloseOutLadder.Begin(sink, account, ledger.Markets[name], members) is { } plan)
                    open.Add(plan);
            }

            if (!partial)
                liquidated.Add(account);
        }

        PooledAdl.Run(sink, open, members);
        foreach (var plan in open)
            CloseOutLadder.EmitPooledAdl(sink, plan);
        foreach (var plan in open)
            CloseOutLadder.Finish(sink, plan);
        if (ledger.Config.CloseoutSurplus == SurplusRecipient.Fund)
            foreach (var account in liquidated)
                if (account.Balance.IsPositive)
                    sink.Emit(new InsuranceFundChanged(account.Balance, ledger.Insurance.Balance + account.Balance, FundReason.CloseoutSurplus, account.Id));

        LossWaterfall.ResolveWave(sink, wave, members);
    }
}
