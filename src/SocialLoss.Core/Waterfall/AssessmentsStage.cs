using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Assessments: cash calls on surviving members pro rata to their contribution, each capped at
/// <c>k x contribution</c> over the member's lifetime (Eurex: k = 2, so a member's liability is at most
/// 3 x its contribution) and by the member's equity. Charged to the members' balances.
/// </summary>
internal sealed class AssessmentsStage : IWaterfallStage
{
    public static readonly AssessmentsStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var k = sink.Ledger.Config.AssessmentMultiple;
        var charges = new Charges();
        foreach (var a in sink.Ledger.Accounts.Values)
        {
            if (a.Id == bankrupt.Id || a.IsDefaulted || a.IsBuiltIn || !a.Contributed.IsPositive)
                continue;
            // A cash call is capped by k x contribution and by what the member has: charging beyond its equity
            // would make a new bankrupt whose debt comes back to the others, round after round.
            var cap = Money.Min(k.ApplyFloor(a.Contributed) - a.Assessed, Risk.Equity(sink.Ledger, a));
            charges.Add(a, a.Contributed.Micros, Math.Max(0, cap.Micros), a.Contributed.Micros);
        }

        return charges.Charge(sink, bankrupt, remaining, WaterfallStageKind.Assessments);
    }
}
