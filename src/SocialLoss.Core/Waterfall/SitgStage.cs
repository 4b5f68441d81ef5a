using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// The clearing house's own capital ("skin in the game"), after the defaulter's resources and before the
/// survivors' (EMIR art. 45; Nasdaq Clearing 2018 used its €7M SITG before two-thirds of the default fund).
/// </summary>
internal sealed class SitgStage : IWaterfallStage
{
    public static readonly SitgStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var pay = Money.Min(remaining, sink.Ledger.Sitg);
        if (pay.IsPositive)
            sink.Emit(new DefaultFundUsed(WaterfallStageKind.Sitg, null, bankrupt.Id, pay));
        return pay;
    }
}
