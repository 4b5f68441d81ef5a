namespace SocialLoss.Server;

/// <summary>A market's specification, with the <c>market</c> command's field names (decimal strings).</summary>
/// <param name="Market">The market id.</param>
/// <param name="TickSize">Price increment.</param>
/// <param name="LotSize">Quantity increment.</param>
/// <param name="InitialMargin">Initial margin fraction of the first tier.</param>
/// <param name="MaintenanceMargin">Maintenance margin fraction of the first tier.</param>
/// <param name="LiquidationFee">Fee fraction charged on a liquidation.</param>
/// <param name="Tiers">Margin tiers by notional.</param>
public sealed record MarketSpecView(string Market, string TickSize, string LotSize, string InitialMargin, string MaintenanceMargin, string LiquidationFee,
    IReadOnlyList<MarginTierView> Tiers);
