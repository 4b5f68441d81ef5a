using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>A liquidated account was left with a negative balance; the waterfall that pays it follows.</summary>
public sealed record BadDebt(AccountId Account, Money Amount) : EngineEvent;
