using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Pays a bankrupt account's negative balance down the configured stages; what none covers is
/// recorded as system deficit (the account is set to zero), never dropped.
/// </summary>
internal static class LossWaterfall
{
    public static void Resolve(IEventSink sink, Account bankrupt)
    {
        var ledger = sink.Ledger;
        var debt = -bankrupt.Balance;
        if (!debt.IsPositive)
            return;
        sink.Emit(new BadDebt(bankrupt.Id, debt));
        var remaining = debt;
        foreach (var kind in ledger.Config.Waterfall)
        {
            if (!remaining.IsPositive)
                break;
            remaining -= Stage(kind).Absorb(sink, bankrupt, remaining);
        }

        if (remaining.IsPositive)
            sink.Emit(new DeficitChanged(remaining, ledger.Deficit + remaining, bankrupt.Id));
    }

    /// <summary>
    /// Pays the debts of a wave's accounts (per-wave allocation) stage by stage: every stage but the clawback takes
    /// each debt in account-id order as <see cref="Resolve"/> does; the clawback shares the pooled debt once.
    /// </summary>
    public static void ResolveWave(IEventSink sink, IReadOnlyList<Account> wave, IReadOnlySet<string> members)
    {
        var ledger = sink.Ledger;
        var bankrupts = new List<Account>();
        var remaining = new List<Money>();
        foreach (var a in wave)
        {
            var debt = -a.Balance;
            if (!debt.IsPositive || a.HasPositions) // a partial liquidation left a position: not a debt yet
                continue;
            sink.Emit(new BadDebt(a.Id, debt));
            bankrupts.Add(a);
            remaining.Add(debt);
        }

        if (bankrupts.Count == 0)
            return;
        foreach (var kind in ledger.Config.Waterfall)
        {
            if (kind == WaterfallStageKind.Clawback)
            {
                ClawbackStage.AbsorbWave(sink, bankrupts, remaining, members);
                continue;
            }

            for (int i = 0; i < bankrupts.Count; i++)
                if (remaining[i].IsPositive)
                    remaining[i] -= Stage(kind).Absorb(sink, bankrupts[i], remaining[i]);
        }

        for (int i = 0; i < bankrupts.Count; i++)
            if (remaining[i].IsPositive)
                sink.Emit(new DeficitChanged(remaining[i], ledger.Deficit + remaining[i], bankrupts[i].Id));
    }

    private static IWaterfallStage Stage(WaterfallStageKind kind) => kind switch
    {
        WaterfallStageKind.Insurance => InsuranceStage.Instance,
        WaterfallStageKind.Clawback => ClawbackStage.Instance,
        WaterfallStageKind.OpenInterest => OpenInterestStage.Instance,
        WaterfallStageKind.DepositIndex => DepositIndexStage.Instance,
        WaterfallStageKind.DefaulterMargin => DefaulterMarginStage.Instance,
        WaterfallStageKind.DefaulterDefaultFund => DefaulterDefaultFundStage.Instance,
        WaterfallStageKind.Sitg => SitgStage.Instance,
        WaterfallStageKind.SurvivorsDefaultFund => SurvivorsDefaultFundStage.Instance,
        WaterfallStageKind.Assessments => AssessmentsStage.Instance,
        WaterfallStageKind.Vmgh => VmghStage.Instance,
        WaterfallStageKind.TearUp => TearUpStage.Instance,
        _ => throw new InvalidOperationException($"unknown waterfall stage {kind}"),
    };
}
