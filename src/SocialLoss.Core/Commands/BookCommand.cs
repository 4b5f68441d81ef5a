using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>External liquidity for liquidations until the next book: (price, quantity) levels.</summary>
public sealed record BookCommand(MarketId Market, IReadOnlyList<(decimal Price, decimal Quantity)> Bids,
    IReadOnlyList<(decimal Price, decimal Quantity)> Asks) : Command;
