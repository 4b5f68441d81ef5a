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
