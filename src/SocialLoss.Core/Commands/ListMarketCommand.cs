using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>Lists a linear perpetual.</summary>
public sealed record ListMarketCommand(MarketId Market, decimal TickSize, decimal LotSize, Rate InitialMargin,
    Rate MaintenanceMargin, Rate LiquidationFee, IReadOnlyList<MarginTier> Tiers) : Command;
