using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>A funding payment: <see cref="Amount"/> is what the account received (negative: paid).</summary>
public sealed record Funded(AccountId Account, MarketId Market, Money Amount, Rate Rate) : EngineEvent;
