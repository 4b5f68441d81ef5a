using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.FSharp.Core;
using Plotly.NET;
using CS = Plotly.NET.CSharp;

namespace SocialLoss.Simulation;

/// <summary>
/// Writes <c>index.html</c>: a self-contained page (plotly.js from the Plotly.NET package is inlined, no
/// network needed) with the price path and its liquidation and ADL markers, the insurance fund and deficit
/// over time, per-policy bars, the Lorenz curve of haircuts, ADL'd accounts by leverage and the comparison table.
/// </summary>
public static class HtmlReport
{
    /// <summary>The ids of the chart blocks the page contains (tests look for them).</summary>
    public static readonly IReadOnlyList<string> ChartIds = [WaveReport.ChartId, "chart-price", "chart-fund", "chart-bars", "chart-haircut", "chart-lorenz", "chart-leverage"];

    /// <summary>Writes the report into <paramref name="folder"/> and returns the path of <c>index.html</c>.</summary>
    public static string Write(SimulationResult result, string folder, string? extraHtml = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "index.html");
        File.WriteAllText(path, Render(result, extraHtml));
        return path;
    }

    /// <summary>The page as a string.</summary>
    public static string Render(SimulationResult result, string? extraHtml = null)
    {
        var sim = result.Simulation;
        var s = sim.Scenario;
        var html = new StringBuilder(4 << 20);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SocialLoss simulation: ")
            .Append(E(s.Name)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222}h1{margin-bottom:0}")
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}tr.fair td{background:#f2f8f2}tr.total th{background:#f4f4f4}.chart{margin:1.5em 0;border:1px solid #eee}.note{color:#555;font-size:14px}")
            .Append("</style>\n<script type=\"text/javascript\">").Append(PlotlyJs()).Append("</script></head><body>\n");
        html.Append("<h1>What each loss policy would have done: ").Append(E(s.Name)).Append("</h1>\n");
        html.Append("<p class=\"note\">").Append(E(s.Description)).Append("</p>\n");
        var p = sim.Population;
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{p.Traders.Count:N0} accounts (seed {s.Seed}), long open interest {p.LongOpenInterest:N3} {E(s.Market.Name)} (${(double)(p.LongOpenInterest * p.StartPrice):N0}), ")
            .Append(CultureInfo.InvariantCulture, $"insurance fund ${sim.InsuranceFund:N0}, {sim.Path.Count:N0} path steps from {sim.Candles.Count} candles ({sim.Candles[0].OpenTime:yyyy-MM-dd HH:mm} to {sim.Candles[^1].OpenTime:HH:mm} UTC), ")
            .Append(CultureInfo.InvariantCulture, $"every policy through the same clearing engine. Money in the engine is exact; figures here are rounded.</p>\n");

        html.Append(WaveReport.Html(result, Chart));
        html.Append("<h2>Comparison</h2>\n").Append(ComparisonTable(result));
        html.Append("<p class=\"note\">Socialized = ADL losses versus the mark + clawbacks. Largest haircut = the largest single haircut as a share of what that account would have ended with without it, h / (final equity + h). Gini and top-1% over the accounts with a haircut. Hedged broken = hedged and market-making accounts deleveraged. Overshoot = Σ over waves of the counterfactual haircut minus the needed budget (see the waves above; negative when winners covered less than was needed). Winners' PnL kept = Σ max(0, final equity − deposit).</p>\n");

        Chart(html, "chart-price", "Price path with liquidations and ADL", PriceChart(result));
        Chart(html, "chart-fund", "Insurance fund and deficit over time", FundChart(result));
        Chart(html, "chart-bars", "Per policy: who paid (USD)", BarsChart(result));
        Chart(html, "chart-haircut", "Per policy: largest haircut (% of what the account would have ended with)", HaircutChart(result));
        Chart(html, "chart-lorenz", "Lorenz curve of haircuts (accounts with a haircut)", LorenzChart(result));
        Chart(html, "chart-leverage", "ADL'd accounts by leverage at the start", LeverageChart(result));
        if (extraHtml is not null)
            html.Append(extraHtml);
        html.Append("<h2>Policies</h2>\n<table><tr><th>policy</th><th>config line</th></tr>\n");
        foreach (var r in result.Results)
            html.Append("<tr><td>").Append(E(r.Policy.Name)).Append("<br><span class=\"note\">").Append(E(r.Policy.Description))
                .Append("</span></td><td style=\"text-align:left\"><code>").Append(E(r.Policy.ConfigLine)).Append("</code></td></tr>\n");
        html.Append("</table>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>The comparison table as HTML.</summary>
    public static string ComparisonTable(SimulationResult result)
    {
        var t = new StringBuilder();
        t.Append("<table id=\"comparison\"><tr><th>policy</th><th>liquidations</th><th>bad debt</th><th>fund used</th><th>socialized</th><th>ADL loss vs mark</th><th>clawbacks</th><th>deficit</th><th>ADL notional</th><th>accounts hit</th><th>largest haircut</th><th>haircut Gini</th><th>top-1% share</th><th>hedged broken</th><th>overshoot</th><th>winners' PnL kept</th></tr>\n");
        foreach (var r in result.Results)
        {
            var m = r.Metrics;
            t.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(r.Policy.Name)}</td><td>{m.Liquidations:N0}</td><td>{Usd(m.BadDebt)}</td><td>{Usd(m.FundUsed)}</td><td>{Usd(m.Socialized)}</td><td>{Usd(m.AdlLossVsMark)}</td><td>{Usd(m.Clawbacks)}</td><td>{Usd(m.Deficit)}</td><td>{Usd(m.AdlNotional)}</td><td>{m.AccountsHit:N0}</td><td>{m.LargestHaircutShare:P1}</td><td>{m.HaircutGini:0.000}</td><td>{m.Top1PercentShare:P1}</td><td>{m.HedgedBroken:N0}</td><td>{Usd(m.Overshoot)}</td><td>{Usd(m.WinnersPnlKept)}</td></tr>\n");
        }

        return t.Append("</table>\n").ToString();
    }

    private static string Usd(double v) => "$" + v.ToString("N0", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static void Chart(StringBuilder html, string id, string title, GenericChart chart)
    {
        chart = Plotly.NET.Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);
        chart = Plotly.NET.Chart.withSize(1150.0, 480.0).Invoke(chart);
        var opts = DisplayOptions.init(FSharpOption<string>.None, FSharpOption<string>.None, FSharpOption<string>.None,
            FSharpOption<Giraffe.ViewEngine.HtmlElements.XmlNode>.None, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.NoReference));
        chart = Plotly.NET.Chart.withDisplayOptions(opts).Invoke(chart);
        html.Append("<div class=\"chart\" id=\"").Append(id).Append("\">").Append(GenericChart.toChartHTML(chart)).Append("</div>\n");
    }

    private static GenericChart PriceChart(SimulationResult result)
    {
        var path = result.Simulation.Path;
        var charts = new List<GenericChart>
        {
            CS.Chart.Line<DateTime, double, string>(x: path.Select(p => p.Time), y: path.Select(p => (double)p.Price), Name: "mark"),
        };
        var first = result.Results[0];
        var liq = first.Series.Where(x => x.Liquidations > 0).ToArray();
        charts.Add(CS.Chart.Point<DateTime, double, string>(x: liq.Select(x => x.Time), y: liq.Select(x => (double)x.Price),
            Name: "liquidations", MultiText: liq.Select(x => $"{x.Liquidations} liquidated").ToArray()));
        foreach (var r in result.Results)
        {
            var adl = r.Series.Where(x => x.AdlFills > 0).ToArray();
            if (adl.Length == 0)
                continue;
            charts.Add(CS.Chart.Point<DateTime, double, string>(x: adl.Select(x => x.Time), y: adl.Select(x => (double)x.Price),
                Name: $"ADL: {r.Policy.Name}", MultiText: adl.Select(x => $"{x.AdlFills} ADL fills").ToArray()));
        }

        return CS.Chart.Combine(charts);
    }

    private static GenericChart FundChart(SimulationResult result)
    {
        var charts = new List<GenericChart>();
        foreach (var r in result.Results)
        {
            charts.Add(CS.Chart.Line<DateTime, double, string>(x: r.Series.Select(x => x.Time), y: r.Series.Select(x => x.Fund), Name: $"fund: {r.Policy.Name}"));
            if (r.Series.Any(x => x.Deficit > 0))
                charts.Add(CS.Chart.Line<DateTime, double, string>(x: r.Series.Select(x => x.Time), y: r.Series.Select(x => x.Deficit), Name: $"deficit: {r.Policy.Name}"));
            if (r.Series.Any(x => x.Socialized > 0))
                charts.Add(CS.Chart.Line<DateTime, double, string>(x: r.Series.Select(x => x.Time), y: r.Series.Select(x => x.Socialized), Name: $"socialized: {r.Policy.Name}"));
        }

        return CS.Chart.Combine(charts);
    }

    private static GenericChart BarsChart(SimulationResult result)
    {
        var names = result.Results.Select(r => r.Policy.Name).ToArray();
        (string, Func<SimulationMetrics, double>)[] series =
        [
            ("bad debt", m => m.BadDebt), ("fund used", m => m.FundUsed), ("socialized", m => m.Socialized), ("deficit", m => m.Deficit),
        ];
        return CS.Chart.Combine(series.Select(s =>
            CS.Chart.Column<double, string, string>(values: result.Results.Select(r => s.Item2(r.Metrics)), Keys: names, Name: s.Item1)));
    }

    private static GenericChart HaircutChart(SimulationResult result)
    {
        var names = result.Results.Select(r => r.Policy.Name).ToArray();
        return CS.Chart.Column<double, string, string>(values: result.Results.Select(r => 100 * r.Metrics.LargestHaircutShare), Keys: names, Name: "largest haircut %");
    }

    private static GenericChart LorenzChart(SimulationResult result)
    {
        var charts = new List<GenericChart>
        {
            CS.Chart.Line<double, double, string>(x: [0.0, 1.0], y: [0.0, 1.0], Name: "equal haircuts"),
        };
        foreach (var r in result.Results)
        {
            var curve = Statistics.Lorenz(r.Haircuts.Values);
            if (curve.Count > 1)
                charts.Add(CS.Chart.Line<double, double, string>(x: curve.Select(c => c.X), y: curve.Select(c => c.Y), Name: r.Policy.Name));
        }

        return CS.Chart.Combine(charts);
    }

    /// <summary>Leverage buckets of the ADL chart.</summary>
    public static readonly IReadOnlyList<(double Lo, double Hi, string Label)> LeverageBuckets =
        [(0, 1, "<1x"), (1, 2, "1-2x"), (2, 3, "2-3x"), (3, 5, "3-5x"), (5, 10, "5-10x"), (10, 20, "10-20x"), (20, double.MaxValue, "20x+")];

    private static GenericChart LeverageChart(SimulationResult result)
    {
        var labels = LeverageBuckets.Select(b => b.Label).ToArray();
        var charts = new List<GenericChart>();
        foreach (var r in result.Results)
        {
            if (r.AdlLeverages.Count == 0)
                continue;
            var counts = LeverageBuckets.Select(b => (double)r.AdlLeverages.Count(l => l >= b.Lo && l < b.Hi));
            charts.Add(CS.Chart.Column<double, string, string>(values: counts, Keys: labels, Name: r.Policy.Name));
        }

        if (charts.Count == 0)
            charts.Add(CS.Chart.Column<double, string, string>(values: labels.Select(_ => 0.0), Keys: labels, Name: "no ADL"));
        return CS.Chart.Combine(charts);
    }

    private static string? _plotlyJs;

    /// <summary>plotly.js as shipped inside the Plotly.NET package (so the page needs no network).</summary>
    public static string PlotlyJs()
    {
        if (_plotlyJs is not null)
            return _plotlyJs;
        var asm = typeof(GenericChart).Assembly;
        var name = asm.GetManifestResourceNames().First(n => n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return _plotlyJs = reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
