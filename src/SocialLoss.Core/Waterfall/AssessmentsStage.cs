using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Assessments: cash calls on surviving members pro rata to their contribution, each capped at
/// <c>k x contribution</c> over the member's lifetime (Eurex: k = 2, so a member's liability is at most
/// 3 x its contribution). Charged to the members' balances.
/// </summary>
internal sealed class AssessmentsStage : IWaterfallStage
{
    public static readonly AssessmentsStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var k = sink.Ledger.Config.AssessmentMultiple;
        var members = new List<Account>();
        var weights = new List<long>();
        var caps = new List<long>();
        foreach (var a in sink.Ledger.Accounts.Values)
        {
            if (a.Id == bankrupt.Id || a.IsDefaulted || a.IsBuiltIn || !a.Contributed.IsPositive)
                continue;
            members.Add(a);
            weights.Add(a.Contributed.Micros);
            caps.Add(Math.Max(0, (k.ApplyFloor(a.Contributed) - a.Assessed).Micros));
        }

        if (members.Count == 0)
            return Money.Zero;
        var parts = WaterFilling.Allocate(remaining.Micros, weights.ToArray(), caps.ToArray());
        long covered = parts.Sum();
        long total = weights.Sum();
        for (int i = 0; i < members.Count; i++)
            if (parts[i] > 0)
                sink.Emit(new ClawedBack(members[i].Id, bankrupt.Id, new Money(parts[i]), new Money(weights[i]), (decimal)covered / total)
                    { Stage = WaterfallStageKind.Assessments });
        return new Money(covered);
    }
}
