using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// The surviving members' default-fund contributions, pro rata to each contribution as it stands — what is left of
/// it after earlier defaults used it, plus any later top-up — (largest remainder), each at most what is left of it:
/// the mutualised layer of a CCP waterfall. A member's stake in the fund is what it still has in it, so a member who
/// topped up after a first default carries more of the second.
/// </summary>
internal sealed class SurvivorsDefaultFundStage : IWaterfallStage
{
    public static readonly SurvivorsDefaultFundStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var members = new List<Account>();
        var left = new List<long>();
        foreach (var a in sink.Ledger.Accounts.Values)
        {
            if (a.Id == bankrupt.Id || a.IsDefaulted || !a.DefaultFund.IsPositive)
                continue;
            members.Add(a);
            left.Add(a.DefaultFund.Micros);
        }

        if (members.Count == 0)
            return Money.Zero;
        var parts = WaterFilling.Allocate(remaining.Micros, left.ToArray(), left.ToArray());
        for (int i = 0; i < members.Count; i++)
            if (parts[i] > 0)
                sink.Emit(new DefaultFundUsed(WaterfallStageKind.SurvivorsDefaultFund, members[i].Id, bankrupt.Id, new Money(parts[i])));
        return new Money(parts.Sum());
    }
}
