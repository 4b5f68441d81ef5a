using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>Collateral came in.</summary>
public sealed record Deposited(AccountId Account, Money Amount) : EngineEvent;
