using System.Text.Json;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;

namespace SocialLoss.Contract;

/// <summary>Writes and reads a loss policy with the fields of the <c>config</c> command (<see cref="CommandSchema.Config"/>).</summary>
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
        if (c.Funding != EngineConfig.Default.Funding)
            w.WriteString("funding", WireNames.NameOf(WireNames.Funding, c.Funding));
        if (c.Partial is { } partial)
        {
            w.WriteStartObject("liquidation");
            w.WriteString("partialAbove", partial.Above.ToString());
            w.WriteString("partialFraction", partial.Fraction.ToString());
            w.WriteString("cooldown", partial.CooldownSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
    }
    /// <summary>The policy as one <c>config</c> command line with every field written (the same policy always gives the same text).</summary>
    public static string ToJson(EngineConfig c)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "config");
            Write(w, c);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Reads a policy from the fields of a <c>config</c> command (or a <c>configured</c> event): every field optional,
    /// the contract's defaults for the rest.
    /// </summary>
    public static ConfigureCommand Read(JsonObjectReader o)
    {
        var d = EngineConfig.Default;
        var closeout = o.OptionalNames("closeout", WireNames.CloseOut) ?? d.CloseOut;
        var waterfall = o.OptionalNames("waterfall", WireNames.Waterfall) ?? d.Waterfall;
        var ranking = d.AdlRanking;
        var adlPrice = d.AdlPrice;
        ulong seed = 0;
        var trigger = d.AdlTrigger;
        var window = d.AdlWindow;
        var floor = d.AdlFloor;
        if (o.OptionalObject("adl") is { } adl)
        {
            ranking = adl.OptionalName("ranking", WireNames.Ranking) ?? ranking;
            adlPrice = adl.OptionalName("price", WireNames.Price) ?? adlPrice;
            seed = adl.OptionalWhole("seed") ?? 0;
            trigger = adl.OptionalName("trigger", WireNames.Trigger) ?? trigger;
            window = adl.OptionalWhole("window", int.MaxValue) is { } w ? (int)w : window;
            floor = adl.OptionalMoney("floor") ?? floor;
        }

        var method = d.ClawbackMethod;
        var clawBase = d.ClawbackBase;
        var cap = d.ClawbackCap;
        if (o.OptionalObject("clawback") is { } cb)
        {
            method = cb.OptionalName("method", WireNames.ClawbackMethods) ?? method;
            clawBase = cb.OptionalName("base", WireNames.ClawbackBases) ?? clawBase;
            cap = cb.OptionalRate("cap") ?? cap;
        }

        var backstopPrice = d.BackstopPrice;
        var transferBelow = d.BackstopTransferBelow;
        if (o.OptionalObject("backstop") is { } bs)
        {
            backstopPrice = bs.OptionalName("price", WireNames.Price) ?? backstopPrice;
            transferBelow = bs.OptionalRate("transferBelow") ?? transferBelow;
        }

        var partial = d.Partial;
        if (o.OptionalObject("liquidation") is { } liq)
            partial = new PartialLiquidation(liq.Money("partialAbove"), liq.Rate("partialFraction"), (long)(liq.OptionalWhole("cooldown", int.MaxValue) ?? 0));

        var multiple = d.AssessmentMultiple;
        if (o.OptionalObject("assessments") is { } asm)
            multiple = asm.OptionalRate("multiple") ?? multiple;

        var haircut = o.OptionalBool("withdrawalHaircut") ?? d.WithdrawalHaircut;
        var surplus = o.OptionalName("closeoutSurplus", WireNames.Surplus) ?? d.CloseoutSurplus;
        var allocation = o.OptionalName("allocation", WireNames.Allocation) ?? d.Allocation;
        var funding = o.OptionalName("funding", WireNames.Funding) ?? d.Funding;
        return new ConfigureCommand(new EngineConfig(closeout, ranking, adlPrice, waterfall, method, clawBase, haircut, backstopPrice)
        {
            AdlSeed = seed,
            AdlTrigger = trigger,
            AdlWindow = window,
            AdlFloor = floor,
            CloseoutSurplus = surplus,
            ClawbackCap = cap,
            AssessmentMultiple = multiple,
            Allocation = allocation,
            Funding = funding,
            BackstopTransferBelow = transferBelow,
            Partial = partial,
        });
    }
}
