using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>A clearing member paid into the default fund (from outside, like a deposit).</summary>
public sealed record MemberContributed(AccountId Account, Money Amount, Money DefaultFund) : EngineEvent;
