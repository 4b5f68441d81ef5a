using System.Text.Json;
using SocialLoss.Core.Engine;

namespace SocialLoss.Contract;

/// <summary>Writes a loss policy with the same field names the <c>config</c> command reads.</summary>
public static class ConfigJson
{
    /// <summary>Writes the policy's fields into the current JSON object.</summary>
    public static void Write(Utf8JsonWriter w, EngineConfig c)
    {
        w.WriteStartArray("closeout");
        foreach (var s in c.CloseOut)
            w.WriteStringValue(WireNames.NameOf(WireNames.CloseOut, s));
        w.WriteEndArray();
        w.WriteStartObject("adl");
        w.WriteString("ranking", WireNames.NameOf(WireNames.Ranking, c.AdlRanking));
        w.WriteString("price", WireNames.NameOf(WireNames.Price, c.AdlPrice));
        w.WriteString("seed", c.AdlSeed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("trigger", WireNames.NameOf(WireNames.Trigger, c.AdlTrigger));
        w.WriteString("window", c.AdlWindow.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("floor", c.AdlFloor.ToString());
        w.WriteEndObject();
        w.WriteStartArray("waterfall");
        foreach (var s in c.Waterfall)
            w.WriteStringValue(WireNames.NameOf(WireNames.Waterfall, s));
        w.WriteEndArray();
        w.WriteStartObject("clawback");
        w.WriteString("method", WireNames.NameOf(WireNames.ClawbackMethods, c.ClawbackMethod));
        w.WriteString("base", WireNames.NameOf(WireNames.ClawbackBases, c.ClawbackBase));
        w.WriteString("cap", c.ClawbackCap.ToString());
        w.WriteEndObject();
        w.WriteStartObject("assessments");
        w.WriteString("multiple", c.AssessmentMultiple.ToString());
        w.WriteEndObject();
        w.WriteBoolean("withdrawalHaircut", c.WithdrawalHaircut);
        w.WriteString("closeoutSurplus", WireNames.NameOf(WireNames.Surplus, c.CloseoutSurplus));
        w.WriteStartObject("backstop");
        w.WriteString("price", WireNames.NameOf(WireNames.Price, c.BackstopPrice));
        if (c.BackstopTransferBelow is { } below)
            w.WriteString("transferBelow", below.ToString());
        w.WriteEndObject();
        // Written only when set, so the events and state hashes of configs without them stay byte-identical.
        if (c.Allocation != EngineConfig.Default.Allocation)
            w.WriteString("allocation", WireNames.NameOf(WireNames.Allocation, c.Allocation));
        if (c.Partial is { } partial)
        {
            w.WriteStartObject("liquidation");
            w.WriteString("partialAbove", partial.Above.ToString());
            w.WriteString("partialFraction", partial.Fraction.ToString());
            w.WriteString("cooldown", partial.CooldownSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
    }
}
