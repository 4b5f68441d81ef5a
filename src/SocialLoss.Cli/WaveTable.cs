using System.Globalization;
using SocialLoss.Contract;
using SocialLoss.Simulation;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary>The per-policy wave totals as a terminal table (the per-wave rows are in results.json and the report).</summary>
internal static class WaveTable
{
    public static Table Render(SimulationResult result, string? market = null)
    {
        var t = new Table().Title($"waves of socialization{(market is null ? "" : " — " + Markup.Escape(market))}: needed budget vs counterfactual haircut (arXiv 2512.01112 v3)").Border(TableBorder.Rounded);
        t.AddColumn("policy");
        foreach (var c in new[] { "waves", "needed budget", "haircut", "haircut / needed", "overshoot", "worst wave's max share", "haircut 1 step later" })
            t.AddColumn(new TableColumn(c).RightAligned());
        foreach (var r in result.Results)
        {
            var w = WaveTotals.Of(r.Waves);
            t.AddRow(Markup.Escape(r.Policy.Name + (r.Policy.Fair ? " (fair)" : "")), r.Waves.Count.ToString(CultureInfo.InvariantCulture), Usd(w.NeededBudget), Usd(w.Haircut),
                double.IsNaN(w.Coverage) ? "–" : w.Coverage.ToString("P0", CultureInfo.InvariantCulture), Usd(w.Overshoot),
                w.MaxHaircutShare.ToString("P1", CultureInfo.InvariantCulture), Usd(w.HorizonHaircut));
        }

        return t;
    }

    private static string Usd(Core.Numbers.Money m) => (m.IsNegative ? "-$" : "$") + Math.Abs(m.Micros / 1e6).ToString("N0", CultureInfo.InvariantCulture);
}
