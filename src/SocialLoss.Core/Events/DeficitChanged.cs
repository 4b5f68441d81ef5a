using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>Bad debt no stage covered: the bankrupt account is set to zero and the system deficit grows.</summary>
public sealed record DeficitChanged(Money Change, Money Total, AccountId Account) : EngineEvent;
