using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// The defaulter's own margin, first in every CCP waterfall (PFMI Principle 4; CME, Eurex, LCH rulebooks).
/// In this engine a member's margin is its collateral balance, and the close-out has already charged the
/// loss to it before any waterfall stage runs; what reaches the waterfall is the loss beyond it. The stage
/// therefore moves nothing: it is accepted so that a CCP waterfall reads in its published order.
/// </summary>
internal sealed class DefaulterMarginStage : IWaterfallStage
{
    public static readonly DefaulterMarginStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining) => Money.Zero;
}
