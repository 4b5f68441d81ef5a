using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>A new mark price; accounts below maintenance margin are then liquidated.</summary>
public sealed record MarkCommand(MarketId Market, decimal Price) : Command;
