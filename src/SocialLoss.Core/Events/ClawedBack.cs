using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// A share of a loss was charged to an account by a socializing stage (a winner's profit haircut, or
/// a charge per unit of open interest or of deposits): <see cref="Amount"/> moves from <see cref="Account"/> to the bankrupt
/// account. <see cref="Base"/> is what the haircut was taken from; <see cref="Rate"/> the stage's rate.
/// </summary>
public sealed record ClawedBack(AccountId Account, AccountId Bankrupt, Money Amount, Money Base, decimal Rate) : EngineEvent
{
    /// <summary>The waterfall stage that took it (clawback, open interest, deposit index).</summary>
    public Engine.WaterfallStageKind Stage { get; init; } = Engine.WaterfallStageKind.Clawback;
}
