using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>A matched fill between two accounts.</summary>
public sealed record Traded(MarketId Market, AccountId Buyer, AccountId Seller, Price Price, Quantity Quantity) : EngineEvent;
