using System.CommandLine;
using System.Globalization;
using SocialLoss.Contract;
using SocialLoss.Simulation;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary>
/// <c>socialloss simulate [--scenario NAME|FILE] [--accounts N] [--policies a,b] [--seed S] [--out DIR] [--data DIR]</c>:
/// a real crash path against a generated population, under every policy, with a summary table and an HTML report.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>The scenario used when none is named.</summary>
    public const string DefaultScenario = "crash-2025-10-10";

    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario") { Description = $"Scenario name (scenarios/NAME.json) or JSON file (default: {DefaultScenario})" };
        var accounts = new Option<int?>("--accounts") { Description = "Number of trader accounts (default: the scenario's, 10,000)" };
        var policies = new Option<string?>("--policies") { Description = "Comma-separated policies (default: the scenario's). Built in: " + string.Join(", ", PolicyCatalog.Names) };
        var seed = new Option<int?>("--seed") { Description = "Seed of the population generator (default: the scenario's)" };
        var output = new Option<string?>("--out") { Description = "Folder for index.html and results.csv (default: ./socialloss-report)" };
        var data = new Option<string?>("--data") { Description = "Folder of the market data (default: $SOCIALLOSS_DATA, else the data/ shipped beside the program or found upwards)" };
        var fundSizing = new Option<bool>("--fund-sizing") { Description = "Monte Carlo over bootstrapped paths and populations: the distribution of the shortfall D and the fund K* = VaR_{1-r/κ}(D)" };
        var runs = new Option<int>("--runs") { Description = "Fund sizing: number of simulated crashes (default 100)", DefaultValueFactory = _ => 100 };
        var target = new Option<double?>("--target") { Description = "Fund sizing: target P(socialized loss) = r/κ (default 0.05)" };
        var costOfCapital = new Option<double?>("--cost-of-capital") { Description = "Fund sizing: r, the cost of capital of the fund (with --reputational-cost)" };
        var calibrate = new Option<bool>("--calibrate") { Description = "Fit the population's leverage (log-normal) and size (Pareto) to the Hyperliquid 10 Oct 2025 data, print the fit and simulate with it" };
        var fit = new Option<bool>("--fit") { Description = "Hyperliquid 10 Oct 2025: fit the vault capital and book depth on BTC only (fixed grid), then predict SOL with them; prints the fit, the errors and every assumption" };
        var reputational = new Option<double?>("--reputational-cost") { Description = "Fund sizing: κ, the cost per socialized dollar (with --cost-of-capital)" };
        var command = new Command("simulate", "Replay a real crash path against a generated population under several loss policies, side by side, and write an HTML report; or size the insurance fund by Monte Carlo (--fund-sizing).")
        {
            scenario, accounts, policies, seed, output, data, fundSizing, runs, target, costOfCapital, reputational, calibrate, fit,
        };
        command.SetAction(parse => parse.GetValue(fundSizing)
            ? RunFundSizing(parse.GetValue(scenario), parse.GetValue(accounts), parse.GetValue(seed), parse.GetValue(runs), parse.GetValue(target),
                parse.GetValue(costOfCapital), parse.GetValue(reputational), parse.GetValue(output) ?? "socialloss-report", parse.GetValue(data))
            : Run(parse.GetValue(scenario), parse.GetValue(accounts), parse.GetValue(policies), parse.GetValue(seed),
                parse.GetValue(output) ?? "socialloss-report", parse.GetValue(data), parse.GetValue(calibrate), parse.GetValue(fit)));
        return command;
    }

    private static int RunFundSizing(string? scenarioName, int? accounts, int? seed, int runs, double? target, double? r, double? kappa, string outDir, string? dataDir) =>
        SimulateFundSizing.Run(Load(scenarioName, accounts, out _), FindData(dataDir), accounts, seed, runs, target, r, kappa, outDir);

    /// <summary>Finds and loads the scenario and checks <c>--accounts</c>.</summary>
    private static Scenario Load(string? scenarioName, int? accounts, out string path)
    {
        path = ScenarioFile.Resolve(scenarioName ?? DefaultScenario)
               ?? throw CliError.NotFound($"scenario not found: {scenarioName} (give a file or the name of one in scenarios/)");
        if (accounts is < 1 or > 1_000_000)
            throw CliError.Invalid("--accounts must be between 1 and 1000000");
        var file = path;
        return CliError.Wrap(() => ScenarioFile.Load(file));
    }

    /// <summary>The market data folder, found or named.</summary>
    internal static string FindData(string? dataDir, string? within = null) =>
        DataFolder.Find(dataDir) is { } found && (within is null || Directory.Exists(Path.Combine(found, within)))
            ? found
            : throw CliError.NotFound($"market data not found: pass --data DIR or set SOCIALLOSS_DATA (the folder with {(within is null ? "" : within + "/ and ")}binance_klines/)");

    public static int Run(string? scenarioName, int? accounts, string? policyList, int? seed, string outDir, string? dataDir, bool calibrate = false, bool fitHyperliquid = false)
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected || console.Profile.Width < 120)
            console.Profile.Width = 160;
        if (scenarioName == HyperliquidReplay.ScenarioName && ScenarioFile.Resolve(scenarioName) is null)
            return SimulateHyperliquid.Run(policyList, outDir, dataDir, fitHyperliquid);
        if (fitHyperliquid)
            throw CliError.Invalid($"--fit is for --scenario {HyperliquidReplay.ScenarioName}");
        var scenario = Load(scenarioName, accounts, out var path);
        var chosen = policyList is null ? scenario.Policies : CliError.Wrap(() => PolicyCatalog.Resolve(policyList.Split(','), scenario.Policies));
        var dataFolder = FindData(dataDir);
        if (calibrate)
        {
            var fit = CliError.Wrap(() => Calibration.FromHyperliquid(dataFolder), exitCode: 1);
            console.MarkupLine(CultureInfo.InvariantCulture,
                $"Calibrated to Hyperliquid 10 Oct 2025 (ADL'd wallets): leverage log-normal median [bold]{fit.LeverageMedian:F2}x[/], sigma {fit.LeverageSigma:F2} ({fit.LeverageSamples:N0} accounts); size Pareto from ${fit.SizeMin:N0}, alpha [bold]{fit.SizeAlpha:F2}[/] ({fit.SizeSamples:N0} accounts)");
            scenario = scenario with { Population = Calibration.Apply(scenario.Population, fit) };
        }

        var sim = CliError.Wrap(() => PreparedSimulation.Load(scenario, dataFolder, accounts, seed), prefix: path + ": ");
        console.Write(new Rule($"[bold]SocialLoss simulate[/]: {Markup.Escape(scenario.Name)}").LeftJustified());
        console.MarkupLine(CultureInfo.InvariantCulture, $"{sim.Population.Traders.Count:N0} accounts, {sim.Path.Count:N0} path steps, insurance fund ${sim.InsuranceFund:N0}, policies: {Markup.Escape(string.Join(", ", chosen.Select(p => p.Name)))}");

        SimulationResult result = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = chosen.Select(p => ctx.AddTask(Markup.Escape(p.Name), maxValue: sim.Path.Count)).ToArray();
                result = Simulator.Run(sim, chosen, (i, steps) => tasks[i].Value = steps);
            });

        console.Write(SummaryTable(result));
        var written = ReportFolder.Write(outDir, scenario.Name, result);
        console.Write(WaveTable.Render(result));
        console.MarkupLine($"report: [link]{Markup.Escape(written.Reports[0].Report)}[/]");
        console.MarkupLine($"table:  {Markup.Escape(written.Csv)}");
        console.MarkupLine($"waves:  {Markup.Escape(written.Json)}");
        return 0;
    }

    private static Table SummaryTable(SimulationResult result)
    {
        var t = new Table().Title("what each policy did").Border(TableBorder.Rounded);
        t.AddColumn("policy");
        foreach (var c in new[] { "liquidations", "bad debt", "fund used", "socialized", "clawbacks", "deficit", "ADL notional", "hit", "max haircut", "Gini", "top 1%", "hedged broken", "overshoot" })
            t.AddColumn(new TableColumn(c).RightAligned());
        foreach (var r in result.Results)
        {
            var m = r.Metrics;
            t.AddRow(Markup.Escape(r.Policy.Name), N(m.Liquidations), Usd(m.BadDebt), Usd(m.FundUsed), Usd(m.Socialized), Usd(m.Clawbacks), Usd(m.Deficit),
                Usd(m.AdlNotional), N(m.AccountsHit), m.LargestHaircutShare.ToString("P1", CultureInfo.InvariantCulture),
                m.HaircutGini.ToString("0.000", CultureInfo.InvariantCulture), m.Top1PercentShare.ToString("P1", CultureInfo.InvariantCulture),
                N(m.HedgedBroken), Usd(m.Overshoot));
        }

        return t;
    }

    private static string N(int v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string Usd(double v) => "$" + v.ToString("N0", CultureInfo.InvariantCulture);
}
