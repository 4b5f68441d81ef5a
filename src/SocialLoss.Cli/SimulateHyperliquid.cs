using System.Globalization;
using SocialLoss.Contract;
using SocialLoss.Simulation;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary><c>socialloss simulate --scenario hyperliquid-2025-10-10</c>: the Hyperliquid 10 Oct 2025 replay against the published figures.</summary>
internal static class SimulateHyperliquid
{
    /// <summary>The policy the fit matches to the published figures: Hyperliquid's liquidation as its docs describe it.</summary>
    public const string FittedPolicy = "hyperliquid-documented";

    public static int Run(string? policyList, string outDir, string? dataDir, bool fit = false)
    {
        var console = AnsiConsole.Console;
        var dataFolder = SimulateCommand.FindData(dataDir, HyperliquidReplay.Folder);
        var policies = policyList is null ? HyperliquidReplay.Policies : CliError.Wrap(() => PolicyCatalog.Resolve(policyList.Split(','), HyperliquidReplay.Policies));
        console.Write(new Rule($"[bold]SocialLoss simulate[/]: {HyperliquidReplay.ScenarioName} (BTC and SOL rebuilt from the published files)").LeftJustified());
        IReadOnlyList<HlMarketRun> runs = null!;
        HyperliquidData data = null!;
        HlFit? fitted = null;
        CliError.Wrap(() => console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<(string, int), ProgressTask>();
                var gate = new object();
                data = HyperliquidData.Load(Path.Combine(dataFolder, HyperliquidReplay.Folder));
                if (fit)
                {
                    var fitting = ctx.AddTask($"fit on BTC ({HyperliquidFit.BackstopShares.Count * HyperliquidFit.DepthShares.Count} runs of {FittedPolicy})", maxValue: 1);
                    fitted = HyperliquidFit.FitBtc(dataFolder, PolicyCatalog.Find(FittedPolicy)!, null, (done, all) =>
                    {
                        lock (fitting)
                            fitting.Value = done / (double)all;
                    });
                    if (!policies.Any(p => p.Name == FittedPolicy))
                        policies = [PolicyCatalog.Find(FittedPolicy)!, .. policies];
                }

                runs = HyperliquidReplay.Run(dataFolder, fitted?.Parameters, policies, (asset, i, steps) =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue((asset, i), out var t))
                            tasks[(asset, i)] = t = ctx.AddTask($"{asset} {Markup.Escape(policies[i].Name)}", maxValue: 520);
                        t.Value = steps;
                    }
                });
                foreach (var t in tasks.Values)
                {
                    t.Value = t.MaxValue;
                    t.StopTask();
                }

                return true;
            }));

        foreach (var run in runs)
            foreach (var n in run.Notes)
                console.WriteLine(n);
        console.WriteLine();
        console.WriteLine("Engine (Hyperliquid rules) against the published figures:");
        console.WriteLine(HyperliquidReport.ComparisonMarkdown(runs, data));
        console.WriteLine("The same winners under each policy:");
        console.WriteLine(HyperliquidReport.PoliciesMarkdown(runs));

        var written = ReportFolder.Write(outDir, HyperliquidReplay.ScenarioName, runs.Select(r => new ResultsMarket(r.Asset, r.Result, r.Published)).ToArray(),
            HyperliquidReport.Html(runs, data));
        foreach (var (asset, report) in written.Reports)
            console.MarkupLine(CultureInfo.InvariantCulture, $"{asset} report: [link]{Markup.Escape(report)}[/]");
        foreach (var run in runs)
            console.Write(WaveTable.Render(run.Result, run.Asset));
        console.MarkupLine(CultureInfo.InvariantCulture, $"waves: {Markup.Escape(written.Json)}");
        var fitText = fitted is null ? "" : HyperliquidFit.Markdown(fitted, runs);
        if (fitted is not null)
        {
            console.WriteLine();
            console.WriteLine(fitText);
        }

        File.WriteAllText(Path.Combine(outDir, "hyperliquid.md"), HyperliquidReport.ComparisonMarkdown(runs, data) + "\n" + HyperliquidReport.PoliciesMarkdown(runs)
            + (fitText.Length > 0 ? "\n" + fitText : ""));
        return 0;
    }
}
