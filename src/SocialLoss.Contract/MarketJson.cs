using System.Text.Json;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>Writes and reads market specifications (<see cref="CommandSchema.Market"/>) and book levels with the <c>market</c> and <c>book</c> commands' field names.</summary>
public static class MarketJson
{
    /// <summary>Reads a market from the fields of a <c>market</c> command (or a <c>marketListed</c> event).</summary>
    public static ListMarketCommand Read(JsonObjectReader o)
    {
        var tiers = new List<MarginTier>();
        foreach (var t in o.OptionalObjects("tiers"))
            tiers.Add(new MarginTier(t.Money("maxNotional"), t.Rate("initialMargin"), t.Rate("maintenanceMargin")));
        return new ListMarketCommand(o.Market("market"), o.Decimal("tickSize"), o.Decimal("lotSize"),
            o.Rate("initialMargin"), o.Rate("maintenanceMargin"), o.OptionalRate("liquidationFee") ?? Rate.Zero, tiers);
    }

    /// <summary>Reads a market's specification from those fields; a specification the engine would not list is a <see cref="CommandFormatException"/>.</summary>
    public static MarketSpec ReadSpec(JsonObjectReader o)
    {
        var c = Read(o);
        return MarketSpec.Create(c.Market, c.TickSize, c.LotSize, c.InitialMargin, c.MaintenanceMargin, c.LiquidationFee, c.Tiers, out var error)
            ?? throw new CommandFormatException(error!);
    }

    /// <summary>Writes a market's specification into the current JSON object.</summary>
    public static void WriteSpec(Utf8JsonWriter w, MarketSpec s)
    {
        w.WriteString("market", s.Id.Value);
        w.WriteString("tickSize", FixedPoint.Normalize(s.TickSize));
        w.WriteString("lotSize", FixedPoint.Normalize(s.LotSize));
        w.WriteString("initialMargin", s.InitialMargin.ToString());
        w.WriteString("maintenanceMargin", s.MaintenanceMargin.ToString());
        w.WriteString("liquidationFee", s.LiquidationFee.ToString());
        w.WriteStartArray("tiers");
        foreach (var t in s.Schedule.Tiers)
        {
            w.WriteStartObject();
            w.WriteString("maxNotional", t.MaxNotional.ToString());
            w.WriteString("initialMargin", t.InitialMargin.ToString());
            w.WriteString("maintenanceMargin", t.MaintenanceMargin.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes book levels as <c>[["price","quantity"], ...]</c>.</summary>
    public static void WriteLevels(Utf8JsonWriter w, string name, IEnumerable<BookLevel> levels, MarketSpec spec)
    {
        w.WriteStartArray(name);
        foreach (var l in levels)
        {
            w.WriteStartArray();
            WriteDecimal(w, spec.ToDecimal(l.Price));
            WriteDecimal(w, spec.ToDecimal(l.Quantity));
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    // The text of MarketSpec.Format (FixedPoint.Normalize), formatted into stack bytes instead of a string.
    private static void WriteDecimal(Utf8JsonWriter w, decimal d)
    {
        Span<byte> text = stackalloc byte[Utf8Numbers.MaxDecimalLength];
        w.WriteStringValue(text[..Utf8Numbers.FormatNormalized(d, text)]);
    }
}
