using System.Text.Json;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Simulation;

/// <summary>The simulated perpetual: the fields of the contract's <c>market</c> command.</summary>
/// <param name="Name">Market name.</param>
/// <param name="TickSize">Price increment.</param>
/// <param name="LotSize">Size increment.</param>
/// <param name="InitialMargin">Initial-margin rate (1 / maximum leverage).</param>
/// <param name="MaintenanceMargin">Maintenance-margin rate.</param>
/// <param name="LiquidationFee">Liquidation fee rate, paid to the insurance fund.</param>
public sealed record MarketParameters(
    string Name = "BTC-PERP",
    decimal TickSize = 0.1m,
    decimal LotSize = 0.001m,
    decimal InitialMargin = 0.025m,
    decimal MaintenanceMargin = 0.0125m,
    decimal LiquidationFee = 0.002m)
{
    /// <summary>The <c>market</c> command line.</summary>
    public string ToJsonLine()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "market");
            w.WriteString("market", Name);
            w.WriteString("tickSize", FixedPoint.Normalize(TickSize));
            w.WriteString("lotSize", FixedPoint.Normalize(LotSize));
            w.WriteString("initialMargin", FixedPoint.Normalize(InitialMargin));
            w.WriteString("maintenanceMargin", FixedPoint.Normalize(MaintenanceMargin));
            w.WriteString("liquidationFee", FixedPoint.Normalize(LiquidationFee));
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
