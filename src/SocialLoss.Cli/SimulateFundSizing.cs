using System.Globalization;
using SocialLoss.Simulation;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary><c>socialloss simulate --fund-sizing [--runs N] [--target P | --cost-of-capital r --reputational-cost κ]</c>.</summary>
internal static class SimulateFundSizing
{
    public static int Run(Scenario scenario, string dataFolder, int? accounts, int? seed, int runs, double? target, double? r, double? kappa, string outDir)
    {
        var console = AnsiConsole.Console;
        double t = CliError.Wrap(() => FundSizing.Target(target, r, kappa));
        if (runs < 1)
            throw CliError.Invalid("--runs must be at least 1");
        var candles = CliError.Wrap(() => FundSizing.Candles(scenario, dataFolder));
        var options = new FundSizingOptions(runs, seed ?? scenario.Seed, accounts ?? Math.Min(scenario.Population.Accounts, 1000), t);
        console.Write(new Rule($"[bold]SocialLoss fund sizing[/]: {Markup.Escape(scenario.Name)}").LeftJustified());
        console.MarkupLine(CultureInfo.InvariantCulture,
            $"{runs:N0} bootstrapped paths (blocks of {options.BlockSize} candles) x populations of {options.Accounts:N0} accounts, seeds {options.Seed}..{options.Seed + runs - 1}, on {Environment.ProcessorCount} cores; target P(D > K) = r/κ = {t:0.####}");
        FundSizingResult result = null!;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("crashes simulated", maxValue: runs);
                result = FundSizing.Run(scenario, candles, options, done => task.Value = Math.Max(task.Value, done));
            });

        var table = new Table().Title("shortfall D (bad debt with no fund) and the fund K* = VaR_{1-r/κ}(D)").Border(TableBorder.Rounded);
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("USD").RightAligned());
        foreach (var (name, v) in Rows(result))
            table.AddRow(Markup.Escape(name), v);
        console.Write(table);
        console.MarkupLine(CultureInfo.InvariantCulture, $"done in {sw.Elapsed.TotalSeconds:0} s");
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, "fund-sizing.csv");
        File.WriteAllText(path, result.Csv(options.Seed));
        console.MarkupLine($"shortfalls: {Markup.Escape(Path.GetFullPath(path))}");
        return 0;
    }

    private static IEnumerable<(string, string)> Rows(FundSizingResult r)
    {
        string U(double v) => "$" + v.ToString("N0", CultureInfo.InvariantCulture);
        yield return ("P(D > 0)", r.ProbabilityPositive.ToString("P1", CultureInfo.InvariantCulture));
        yield return ("mean D", U(r.Mean));
        foreach (var q in new[] { 0.5, 0.9, 0.95, 0.99 })
            yield return ($"D, {q:P0} quantile", U(r.Quantile(q)));
        yield return ("largest D", U(r.Shortfalls.Max()));
        yield return ($"K* = VaR at {1 - r.Target:P2}", U(r.FundSize));
        yield return ("K* / long open interest", (r.LongOpenInterest > 0 ? r.FundSize / r.LongOpenInterest : 0).ToString("P3", CultureInfo.InvariantCulture));
        yield return ("E[(D - K*)+] still socialized", U(r.ExpectedSocializedAtFund));
    }
}
