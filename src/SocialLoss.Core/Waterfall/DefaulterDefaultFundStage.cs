using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>The defaulter's own default-fund contribution pays next (defaulter pays first).</summary>
internal sealed class DefaulterDefaultFundStage : IWaterfallStage
{
    public static readonly DefaulterDefaultFundStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var pay = Money.Min(remaining, bankrupt.DefaultFund);
        if (pay.IsPositive)
            sink.Emit(new DefaultFundUsed(WaterfallStageKind.DefaulterDefaultFund, bankrupt.Id, bankrupt.Id, pay));
        return pay;
    }
}
