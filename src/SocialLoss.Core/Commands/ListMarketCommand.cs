using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>
/// Lists a linear perpetual; <paramref name="PriceBand"/> is the fraction of the mark a trade's price may differ by
/// (zero: no band; null: not given, so no band, unless the service applies its default).
/// </summary>
public sealed record ListMarketCommand(MarketId Market, decimal TickSize, decimal LotSize, Rate InitialMargin,
    Rate MaintenanceMargin, Rate LiquidationFee, IReadOnlyList<MarginTier> Tiers, Rate? PriceBand = null) : Command;
