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

    /// <summary>Finds a scenario file by name or path.</summary>
    public static string? ResolveScenario(string nameOrFile)
    {
        if (File.Exists(nameOrFile))
            return nameOrFile;
        var file = nameOrFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? nameOrFile : nameOrFile + ".json";
        foreach (var dir in new[] { Path.Combine(Directory.GetCurrentDirectory(), "scenarios"), Path.Combine(AppContext.BaseDirectory, "scenarios") })
        {
            var candidate = Path.Combine(dir, file);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    private static int RunFundSizing(string? scenarioName, int? accounts, int? seed, int runs, double? target, double? r, double? kappa, string outDir, string? dataDir)
    {
        if (Load(scenarioName, accounts, out var scenario, out _) is { } invalid)
            return invalid;
        if (FindData(dataDir, out var dataFolder) is { } missing)
            return missing;
        return SimulateFundSizing.Run(scenario, dataFolder, accounts, seed, runs, target, r, kappa, outDir);
    }

    /// <summary>
    /// Finds and loads the scenario and checks <c>--accounts</c>: null when all is well, else the exit code
    /// (1 not found, 2 invalid) after the error was printed.
    /// </summary>
    private static int? Load(string? scenarioName, int? accounts, out Scenario scenario, out string path)
    {
        scenario = null!;
        path = ResolveScenario(scenarioName ?? DefaultScenario) ?? "";
        if (path.Length == 0)
        {
            Console.Error.WriteLine($"socialloss: scenario not found: {scenarioName} (give a file or the name of one in scenarios/)");
            return 1;
        }

        if (accounts is < 1 or > 1_000_000)
        {
            Console.Error.WriteLine("socialloss: --accounts must be between 1 and 1000000");
            return 2;
        }

        try
        {
            scenario = ScenarioFile.Load(path);
        }
        catch (Exception e) when (e is ScenarioException or ArgumentException)
        {
            Console.Error.WriteLine($"socialloss: {e.Message}");
            return 2;
        }

        return null;
    }

    /// <summary>Finds the market data: null when found, else exit code 1 after the error was printed.</summary>
    private static int? FindData(string? dataDir, out string dataFolder)
    {
        dataFolder = DataFolder.Find(dataDir) ?? "";
        if (dataFolder.Length > 0)
            return null;
        Console.Error.WriteLine("socialloss: market data not found: pass --data DIR or set SOCIALLOSS_DATA (the folder with binance_klines/)");
        return 1;
    }

    public static int Run(string? scenarioName, int? accounts, string? policyList, int? seed, string outDir, string? dataDir, bool calibrate = false, bool fitHyperliquid = false)
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected || console.Profile.Width < 120)
            console.Profile.Width = 160;
        if (scenarioName == HyperliquidReplay.ScenarioName && ResolveScenario(scenarioName) is null)
            return SimulateHyperliquid.Run(policyList, outDir, dataDir, fitHyperliquid);
        if (fitHyperliquid)
        {
            Console.Error.WriteLine($"socialloss: --fit is for --scenario {HyperliquidReplay.ScenarioName}");
            return 2;
        }

        if (Load(scenarioName, accounts, out var scenario, out var path) is { } invalid)
            return invalid;
        IReadOnlyList<Policy> chosen;
        try
        {
            chosen = policyList is null ? scenario.Policies : PolicyCatalog.Resolve(policyList.Split(','), scenario.Policies);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"socialloss: {e.Message}");
            return 2;
        }

        if (FindData(dataDir, out var dataFolder) is { } missing)
            return missing;

        if (calibrate)
        {
            try
            {
                var fit = Calibration.FromHyperliquid(dataFolder);
                console.MarkupLine(CultureInfo.InvariantCulture,
                    $"Calibrated to Hyperliquid 10 Oct 2025 (ADL'd wallets): leverage log-normal median [bold]{fit.LeverageMedian:F2}x[/], sigma {fit.LeverageSigma:F2} ({fit.LeverageSamples:N0} accounts); size Pareto from ${fit.SizeMin:N0}, alpha [bold]{fit.SizeAlpha:F2}[/] ({fit.SizeSamples:N0} accounts)");
                scenario = scenario with { Population = Calibration.Apply(scenario.Population, fit) };
            }
            catch (ScenarioException e)
            {
                Console.Error.WriteLine($"socialloss: {e.Message}");
                return 1;
            }
        }

        PreparedSimulation sim;
        try
        {
            sim = PreparedSimulation.Load(scenario, dataFolder, accounts, seed);
        }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine($"socialloss: {path}: {e.Message}");
            return 2;
        }

        console.Write(new Rule($"[bold]SocialLoss simulate[/]: {Markup.Escape(scenario.Name)}").LeftJustified());
        console.MarkupLine(CultureInfo.InvariantCulture, $"{sim.Population.Traders.Count:N0} accounts, {sim.Path.Count:N0} path steps, insurance fund ${sim.InsuranceFund:N0}, policies: {Markup.Escape(string.Join(", ", chosen.Select(p => p.Name)))}");

        SimulationResult result = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var setup = ctx.AddTask("opening positions", maxValue: 1);
                var tasks = chosen.Select(p => ctx.AddTask(Markup.Escape(p.Name), autoStart: false, maxValue: sim.Path.Count)).ToArray();
                var events = Simulator.SetupEvents(sim, chosen[0]);
                setup.Value = 1;
                setup.StopTask();
                var results = new PolicyResult[chosen.Count];
                Parallel.For(0, chosen.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                {
                    tasks[i].StartTask();
                    results[i] = Simulator.RunPolicy(sim, chosen[i], events, steps => tasks[i].Value = steps);
                    tasks[i].StopTask();
                });
                result = new SimulationResult(sim, results, setup.ElapsedTime ?? TimeSpan.Zero);
            });

        console.Write(SummaryTable(result));
        Directory.CreateDirectory(outDir);
        var csv = Path.Combine(outDir, "results.csv");
        File.WriteAllText(csv, ResultsCsv.Write(result));
        var json = Path.Combine(outDir, "results.json");
        File.WriteAllText(json, ResultsJson.Write(scenario.Name, [new ResultsMarket(scenario.Market.Name, result)]));
        console.Write(WaveTable.Render(result));
        var report = HtmlReport.Write(result, outDir);
        console.MarkupLine($"report: [link]{Markup.Escape(Path.GetFullPath(report))}[/]");
        console.MarkupLine($"table:  {Markup.Escape(Path.GetFullPath(csv))}");
        console.MarkupLine($"waves:  {Markup.Escape(Path.GetFullPath(json))}");
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
