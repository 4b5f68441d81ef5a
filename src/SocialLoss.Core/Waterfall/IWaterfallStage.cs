using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>A stage of the loss waterfall: pays what it can of a bankrupt account's remaining debt.</summary>
internal interface IWaterfallStage
{
    /// <summary>Emits the transfers that cover part of <paramref name="remaining"/> and returns how much was covered.</summary>
    Money Absorb(IEventSink sink, Account bankrupt, Money remaining);
}
