using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>Collateral went out: <see cref="Amount"/> leaves the account, of which <see cref="Haircut"/> goes to the insurance fund.</summary>
public sealed record Withdrawn(AccountId Account, Money Amount, Money Haircut) : EngineEvent;
