using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// A winner's profit was haircut: <see cref="Amount"/> moves from <see cref="Account"/> to the bankrupt
/// account. <see cref="Base"/> is what the haircut was taken from; <see cref="Rate"/> the stage's rate.
/// </summary>
public sealed record ClawedBack(AccountId Account, AccountId Bankrupt, Money Amount, Money Base, decimal Rate) : EngineEvent;
