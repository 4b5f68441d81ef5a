using SocialLoss.Contract;

namespace SocialLoss.Simulation;

/// <summary>
/// Where a simulation's results go: <c>index.html</c> (the report), <c>results.csv</c> (one row per policy) and
/// <c>results.json</c> (the per-wave figures) in one folder; the Hyperliquid rebuild writes one folder per market.
/// </summary>
public static class ReportFolder
{
    /// <summary>The files written, as full paths.</summary>
    /// <param name="Reports">Each market's HTML report (the first is the folder's own <c>index.html</c>).</param>
    /// <param name="Csv">The first market's <c>results.csv</c>.</param>
    /// <param name="Json">The <c>results.json</c> of every market.</param>
    public sealed record Written(IReadOnlyList<(string Market, string Report)> Reports, string Csv, string Json);

    /// <summary>Writes one simulation's report, table and waves into <paramref name="folder"/> (created when missing).</summary>
    public static Written Write(string folder, string scenarioName, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(folder, scenarioName, [new ResultsMarket(result.Simulation.Scenario.Market.Name, result)]);
    }

    /// <summary>
    /// Writes every market's report and table (the first market in <paramref name="folder"/>, the others in a sub-folder
    /// named after the market, lower case) and one <c>results.json</c> for all; <paramref name="extraHtml"/> goes into each report.
    /// </summary>
    public static Written Write(string folder, string scenarioName, IReadOnlyList<ResultsMarket> markets, string? extraHtml = null)
    {
        ArgumentNullException.ThrowIfNull(markets);
        Directory.CreateDirectory(folder);
        var reports = new List<(string, string)>();
        string? csv = null;
        foreach (var m in markets)
        {
            var dir = reports.Count == 0 ? folder : Path.Combine(folder, m.Market.ToLowerInvariant());
            reports.Add((m.Market, Path.GetFullPath(HtmlReport.Write(m.Result, dir, extraHtml))));
            var table = Path.Combine(dir, "results.csv");
            File.WriteAllText(table, ResultsCsv.Write(m.Result));
            csv ??= Path.GetFullPath(table);
        }

        var json = Path.Combine(folder, "results.json");
        File.WriteAllText(json, ResultsJson.Write(scenarioName, markets));
        return new Written(reports, csv!, Path.GetFullPath(json));
    }
}
