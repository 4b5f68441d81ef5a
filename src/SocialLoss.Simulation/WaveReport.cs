using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using CS = Plotly.NET.CSharp;

namespace SocialLoss.Simulation;

/// <summary>
/// The report's opening section: every wave of socialization of every policy that socialized, production queues
/// beside the fair allocations (needed budget, counterfactual haircut, overshoot, largest haircut share, accounts
/// hit), a chart of haircut against needed budget per wave, and the definitions (arXiv 2512.01112 v3).
/// </summary>
public static class WaveReport
{
    /// <summary>The id of the per-wave table.</summary>
    public const string TableId = "waves";

    /// <summary>The id of the chart.</summary>
    public const string ChartId = "chart-waves";

    /// <summary>The definitions printed under the chart.</summary>
    public const string Definitions =
        "A <b>wave</b> is a run of socialization (ADL fills, clawbacks and other charges on winners) whose commands are less than 5 s apart, adjacent path steps always together. " +
        "<b>Needed budget</b>: the shortfall the wave's socialization had to cover, i.e. what a second pass of the same steps without any ADL or socializing stage adds to the deficit: the bankruptcies' bad debt left after the book, the backstop and the insurance fund. " +
        "<b>Haircut</b> H<sub>t</sub>: for every winner the wave touched, its equity at the wave's end in that second pass minus its equity in the real one, summed where positive (the engine is deterministic, so both passes are exact). " +
        "<b>Overshoot</b> = haircut − needed budget (negative: winners covered less than was needed, the rest stays deficit). " +
        "<b>Largest share</b>: the largest winner's haircut over its equity in the second pass, in [0, 1]. " +
        "<b>One step later</b>: the haircut evaluated one path step after the wave's end, to show how much of it is the price moving after the close. " +
        "Method: Chitra, “Autodeleveraging: impossibilities and optimization”, arXiv 2512.01112 v3, which measured winners losing about four times what was needed on 10 Oct 2025.";

    /// <summary>The section as HTML (table, chart, definitions); the table says so when no policy socialized anything.</summary>
    public static string Html(SimulationResult result, Action<StringBuilder, string, string, GenericChart> chart)
    {
        var sb = new StringBuilder();
        var withWaves = result.Results.Where(r => r.Waves.Count > 0).ToArray();
        sb.Append("<h2 id=\"wave-section\">Who paid, wave by wave: production queues against fair allocations</h2>\n");
        if (withWaves.Length == 0)
            sb.Append("<p class=\"note\">No policy socialized anything on this path (no ADL fill, no clawback): there are no waves.</p>\n");
        else
            sb.Append("<table id=\"").Append(TableId).Append("\"><tr><th>policy</th><th>wave</th><th>start – end (UTC)</th><th>needed budget</th><th>haircut</th><th>haircut / needed</th><th>overshoot</th><th>largest share</th><th>accounts hit</th><th>haircut one step later</th></tr>\n");
        foreach (var r in withWaves)
        {
            var t = WaveTotals.Of(r.Waves);
            var kind = r.Policy.Fair ? "fair" : "production";
            foreach (var w in r.Waves)
                sb.Append(CultureInfo.InvariantCulture,
                    $"<tr class=\"{kind}\"><td>{E(r.Policy.Name)} <span class=\"note\">({kind})</span></td><td>{w.Wave}</td><td>{Clock(w.Start)} – {Clock(w.End)}</td><td>{Usd(w.NeededBudget)}</td><td>{Usd(w.Haircut)}</td><td>{Ratio(w.Haircut, w.NeededBudget)}</td><td>{Usd(w.Overshoot)}</td><td>{w.MaxHaircutShare:P1}</td><td>{w.AccountsHit:N0}</td><td>{Usd(w.HorizonHaircut)}</td></tr>\n");
            sb.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{kind} total\"><th>{E(r.Policy.Name)}: all {r.Waves.Count} waves</th><th></th><th></th><th>{Usd(t.NeededBudget)}</th><th>{Usd(t.Haircut)}</th><th>{Ratio(t.Haircut, t.NeededBudget)}</th><th>{Usd(t.Overshoot)}</th><th>{t.MaxHaircutShare:P1} (worst wave)</th><th>{t.AccountsHit:N0}</th><th>{Usd(t.HorizonHaircut)}</th></tr>\n");
        }

        if (withWaves.Length > 0)
            sb.Append("</table>\n");
        var traces = new List<GenericChart>();
        double top = withWaves.SelectMany(r => r.Waves).Select(w => Math.Max(D(w.NeededBudget), D(w.Haircut))).DefaultIfEmpty(1).Max();
        traces.Add(CS.Chart.Line<double, double, string>(x: [0.0, top], y: [0.0, top], Name: "haircut = needed budget"));
        foreach (var r in withWaves)
            traces.Add(CS.Chart.Point<double, double, string>(x: r.Waves.Select(w => D(w.NeededBudget)), y: r.Waves.Select(w => D(w.Haircut)),
                Name: r.Policy.Name + (r.Policy.Fair ? " (fair)" : ""),
                MultiText: r.Waves.Select(w => string.Create(CultureInfo.InvariantCulture, $"wave {w.Wave} {Clock(w.Start)}: largest share {w.MaxHaircutShare:P1}, {w.AccountsHit:N0} hit")).ToArray()));
        chart(sb, ChartId, "Haircut against needed budget, one point per wave and policy (USD; on the diagonal a policy took exactly what was needed)", CS.Chart.Combine(traces));
        sb.Append("<p class=\"note\" id=\"wave-definitions\">").Append(Definitions).Append("</p>\n");
        return sb.ToString();
    }

    private static string Clock(Core.Numbers.Timestamp? t) => t is { } v ? v.ToString()[11..^1] : "–";

    private static double D(Core.Numbers.Money m) => m.Micros / 1e6;

    private static string Usd(Core.Numbers.Money m) => (m.IsNegative ? "−$" : "$") + Math.Abs(D(m)).ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(Core.Numbers.Money a, Core.Numbers.Money b) => b.IsPositive ? ((double)a.Micros / b.Micros).ToString("P0", CultureInfo.InvariantCulture) : "–";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
