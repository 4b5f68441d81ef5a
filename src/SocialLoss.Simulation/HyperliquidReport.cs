using System.Globalization;
using System.Net;
using System.Text;

namespace SocialLoss.Simulation;

/// <summary>The Hyperliquid replay's tables, as HTML (for the report) and Markdown (for the README and the terminal).</summary>
public static class HyperliquidReport
{
    /// <summary>The engine-versus-published table of every market, as Markdown.</summary>
    public static string ComparisonMarkdown(IReadOnlyList<HlMarketRun> runs, HyperliquidData? all = null)
    {
        var sb = new StringBuilder("| figure | " + string.Join(" | ", runs.SelectMany(r => new[] { $"{r.Asset} engine", $"{r.Asset} published" })) + " |\n");
        sb.Append("|---|" + string.Concat(runs.SelectMany(_ => new[] { "---|", "---|" })) + "\n");
        var tables = runs.Select(r => HyperliquidReplay.Compare(r, all)).ToArray();
        for (int i = 0; i < tables[0].Count; i++)
            sb.Append("| ").Append(tables[0][i].Figure).Append(" | ").Append(string.Join(" | ", tables.SelectMany(t => new[] { t[i].Engine, t[i].Published }))).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>What each policy did to the winners of every market, as Markdown.</summary>
    public static string PoliciesMarkdown(IReadOnlyList<HlMarketRun> runs)
    {
        var sb = new StringBuilder("| market | policy | accounts hit | of them ADL'd in reality | ADL notional | largest share of a position closed | median share closed | largest haircut | Gini | socialized | bad debt | deficit |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var run in runs)
            foreach (var r in HyperliquidReplay.PolicyRows(run))
                sb.Append(CultureInfo.InvariantCulture,
                    $"| {run.Asset} | {r.Policy} | {r.AccountsHit:N0} | {r.RealAdlHit:N0} | {M(r.AdlNotional)} | {r.LargestPositionShare:P1} | {r.MedianPositionShare:P1} | {r.LargestHaircut:P1} | {r.Gini:0.000} | {M(r.Socialized)} | {M(r.BadDebt)} | {M(r.Deficit)} |\n");
        return sb.ToString();
    }

    /// <summary>The section added to the report: both tables, the reconstruction notes and the assumptions.</summary>
    public static string Html(IReadOnlyList<HlMarketRun> runs, HyperliquidData? all = null)
    {
        var sb = new StringBuilder("<h2 id=\"hyperliquid\">Hyperliquid 10 Oct 2025: engine against the published figures</h2>\n");
        sb.Append("<table id=\"hyperliquid-comparison\"><tr><th>figure</th>");
        foreach (var r in runs)
            sb.Append("<th>").Append(E(r.Asset)).Append(" engine</th><th>").Append(E(r.Asset)).Append(" published</th>");
        sb.Append("</tr>\n");
        var tables = runs.Select(r => HyperliquidReplay.Compare(r, all)).ToArray();
        for (int i = 0; i < tables[0].Count; i++)
        {
            sb.Append("<tr><td>").Append(E(tables[0][i].Figure)).Append("</td>");
            foreach (var t in tables)
                sb.Append("<td>").Append(E(t[i].Engine)).Append("</td><td>").Append(E(t[i].Published)).Append("</td>");
            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n<h2>The same winners under fair ADL and clawbacks</h2>\n<table id=\"hyperliquid-policies\"><tr><th>market</th><th>policy</th><th>accounts hit</th><th>of them ADL'd in reality</th><th>ADL notional</th><th>largest share of a position closed</th><th>median share closed</th><th>largest haircut</th><th>Gini</th><th>socialized</th><th>bad debt</th><th>deficit</th></tr>\n");
        foreach (var run in runs)
            foreach (var r in HyperliquidReplay.PolicyRows(run))
                sb.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(run.Asset)}</td><td>{E(r.Policy)}</td><td>{r.AccountsHit:N0}</td><td>{r.RealAdlHit:N0}</td><td>{M(r.AdlNotional)}</td><td>{r.LargestPositionShare:P1}</td><td>{r.MedianPositionShare:P1}</td><td>{r.LargestHaircut:P1}</td><td>{r.Gini:0.000}</td><td>{M(r.Socialized)}</td><td>{M(r.BadDebt)}</td><td>{M(r.Deficit)}</td></tr>\n");
        sb.Append("</table>\n<p class=\"note\">Gini: of the notional closed for ADL policies, of the haircuts for clawbacks. Largest haircut: ADL loss against the mark or clawback, as a share of what the account would have ended with (0 for ADL at the mark price).</p>\n");
        sb.Append("<h3>How the populations were rebuilt</h3>\n<ul>\n");
        foreach (var run in runs)
            foreach (var n in run.Notes)
                sb.Append("<li>").Append(E(n)).Append("</li>\n");
        sb.Append("<li>Assumptions where the data are silent: ADL'd wallets' coin share of ADL notional and account value = its share of the wallet's closed PnL; entry from the coin's realized PnL over the ADL'd size at the average ADL price; liquidated accounts lose their whole margin, entered at the first price, leverage log-normal around the mean that reproduces the published liquidated notional; other open positions at the ADL'd wallets' median leverage; one rest-of-market account is every opening trade's counterparty; one backstop (HLP liquidator vault); no insurance fund; SOL's path is BTC's mapped to $185 → $137 at the low (no SOL candles are bundled).</li>\n</ul>\n");
        return sb.ToString();
    }

    private static string M(double v) => "$" + (v / 1e6).ToString("N1", CultureInfo.InvariantCulture) + "M";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
