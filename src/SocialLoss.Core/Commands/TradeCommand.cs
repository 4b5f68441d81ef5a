using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>A matched fill: <see cref="Buyer"/> buys <see cref="Quantity"/> from <see cref="Seller"/> at <see cref="Price"/>.</summary>
public sealed record TradeCommand(MarketId Market, AccountId Buyer, AccountId Seller, decimal Price, decimal Quantity) : Command;
