using System.Text.Json;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Simulation;

/// <summary>One market of <c>results.json</c>: its runs and, where the event was real, the published figures.</summary>
/// <param name="Market">Market name (the coin for the Hyperliquid rebuild, the scenario's market otherwise).</param>
/// <param name="Result">Every policy's run on it.</param>
/// <param name="Published">The published figures, or null for a generated population.</param>
public sealed record ResultsMarket(string Market, SimulationResult Result, HlPublished? Published = null);

/// <summary>
/// Writes <c>results.json</c>: per market and policy the ADL figures, the needed budget, the counterfactual
/// haircut, the overshoot and the largest haircut share summed (or maxed) over waves, then every wave. Money is in
/// USD as JSON numbers (exact to the micro-unit where the engine's figure is exact), shares as fractions.
/// </summary>
public static class ResultsJson
{
    /// <summary>The document as UTF-8 JSON text.</summary>
    public static string Write(string scenario, IReadOnlyList<ResultsMarket> markets)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("scenario", scenario);
            w.WriteNumber("waveGapSeconds", WaveAnalysis.DefaultGap.TotalSeconds);
            w.WriteStartArray("markets");
            foreach (var m in markets)
                WriteMarket(w, m);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteMarket(Utf8JsonWriter w, ResultsMarket m)
    {
        w.WriteStartObject();
        w.WriteString("market", m.Market);
        if (m.Published is { } p)
        {
            w.WriteStartObject("published");
            w.WriteNumber("adlNotional", Math.Round(p.AdlNotional, 2));
            w.WriteNumber("accountsAdled", p.AdlAccounts);
            w.WriteNumber("adlFills", p.AdlFills);
            w.WriteNumber("liquidatedNotional", Math.Round(p.LiquidatedNotional, 2));
            w.WriteNumber("liquidationFills", p.LiquidationEvents);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("published");
        }

        w.WriteStartArray("policies");
        foreach (var r in m.Result.Results)
        {
            var t = WaveTotals.Of(r.Waves);
            w.WriteStartObject();
            w.WriteString("policy", r.Policy.Name);
            w.WriteBoolean("fair", r.Policy.Fair);
            w.WriteNumber("adlNotional", Math.Round((decimal)r.Metrics.AdlNotional, 2));
            w.WriteNumber("accountsAdled", r.Metrics.AdlAccounts);
            w.WriteNumber("adlFills", r.Metrics.AdlFills);
            w.WriteNumber("liquidations", r.Metrics.Liquidations);
            w.WriteNumber("badDebt", Math.Round((decimal)r.Metrics.BadDebt, 2));
            w.WriteNumber("deficit", Math.Round((decimal)r.Metrics.Deficit, 2));
            WriteFigures(w, t.NeededBudget, t.Haircut, t.MaxHaircutShare, t.HorizonHaircut, t.HorizonMaxHaircutShare);
            w.WriteNumber("accountsHit", t.AccountsHit);
            w.WriteNumber("waveCount", r.Waves.Count);
            w.WriteStartArray("waves");
            foreach (var wave in r.Waves)
            {
                w.WriteStartObject();
                w.WriteNumber("wave", wave.Wave);
                if (wave.Start is { } start)
                    w.WriteString("start", start.ToString());
                if (wave.End is { } end)
                    w.WriteString("end", end.ToString());
                w.WriteNumber("firstStep", wave.FirstStep);
                w.WriteNumber("lastStep", wave.LastStep);
                WriteFigures(w, wave.NeededBudget, wave.Haircut, wave.MaxHaircutShare, wave.HorizonHaircut, wave.HorizonMaxHaircutShare);
                w.WriteNumber("accountsHit", wave.AccountsHit);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFigures(Utf8JsonWriter w, Money needed, Money haircut, double share, Money horizon, double horizonShare)
    {
        w.WriteNumber("neededBudget", Usd(needed));
        w.WriteNumber("haircut", Usd(haircut));
        w.WriteNumber("overshoot", Usd(haircut - needed));
        w.WriteNumber("maxHaircutShare", Math.Round(share, 6));
        w.WriteNumber("horizonHaircut", Usd(horizon));
        w.WriteNumber("horizonMaxHaircutShare", Math.Round(horizonShare, 6));
    }

    private static decimal Usd(Money m) => m.Micros / (decimal)Money.Scale;
}
