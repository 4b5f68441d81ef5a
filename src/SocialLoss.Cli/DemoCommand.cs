using System.CommandLine;
using SocialLoss.Contract;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary>
/// <c>socialloss demo [--scenario FILE] [--accounts N] [--out DIR] [--data DIR]</c>: replays the bundled crash and
/// prints who paid what; without <c>--scenario</c> it then simulates 10 Oct 2025 under every policy and writes the report.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The scenario shipped next to the executable.</summary>
    public static string DefaultScenario => Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");

    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario") { Description = "JSONL command file to replay (default: the bundled scenarios/demo-crash.jsonl)" };
        var events = new Option<string?>("--events") { Description = "Also write the events (JSONL) to this file" };
        var state = new Option<string?>("--state") { Description = "Also write the final state (JSON) to this file" };
        var accounts = new Option<int?>("--accounts") { Description = $"Trader accounts of the 10 Oct 2025 simulation (default {DemoAccounts:N0})" };
        var output = new Option<string?>("--out") { Description = "Folder of the simulation report (default: ./socialloss-report)" };
        var data = new Option<string?>("--data") { Description = "Folder of the market data (default: $SOCIALLOSS_DATA, else the data/ shipped beside the program or found upwards)" };
        var command = new Command("demo", "Replay the bundled crash (invariants checked after every command) and print who was liquidated, deleveraged and who paid the bad debt; then simulate 10 Oct 2025 under every policy and write the HTML report. With --scenario: only replay that JSONL file.")
        {
            scenario, events, state, accounts, output, data,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(scenario);
            var code = Run(file ?? DefaultScenario, parse.GetValue(events), parse.GetValue(state));
            if (code != 0 || file is not null)
                return code;
            return Simulate(parse.GetValue(accounts) ?? DemoAccounts, parse.GetValue(output) ?? "socialloss-report", parse.GetValue(data));
        });
        return command;
    }

    /// <summary>Trader accounts of the demo's simulation: the scenario's default population (10,000), within the two-minute budget.</summary>
    public const int DemoAccounts = 10_000;

    private static int Simulate(int accounts, string outDir, string? dataDir)
    {
        if (SocialLoss.Simulation.DataFolder.Find(dataDir) is null)
        {
            Console.WriteLine("(10 Oct 2025 simulation skipped: the market data folder data/ was not found; pass --data DIR or set SOCIALLOSS_DATA)");
            return 0;
        }

        Console.WriteLine();
#if DEBUG
        Console.WriteLine("(Debug build: the simulation takes about three minutes; `dotnet run -c Release -- demo` runs it in under one)");
#endif
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var code = SimulateCommand.Run(SimulateCommand.DefaultScenario, accounts, null, null, outDir, dataDir);
        Console.WriteLine($"simulation done in {sw.Elapsed.TotalSeconds:0} s");
        return code;
    }

    private static int Run(string path, string? eventsPath, string? statePath)
    {
        if (!File.Exists(path))
            throw CliError.NotFound($"scenario not found: {path}");

        var replay = new Replay(collectEvents: true);
        ReplayOutcome outcome;
        using (var input = File.OpenRead(path))
            outcome = ReplayCommand.ToFiles(replay, input, eventsPath, statePath, check: true, () => Stream.Null);
        if (outcome != ReplayOutcome.Completed)
        {
            Console.Error.WriteLine(replay.Error);
            return (int)outcome;
        }

        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected || console.Profile.Width < 120)
            console.Profile.Width = 120; // tables stay readable in pipes and narrow CI logs
        console.Write(new Rule($"[bold]SocialLoss demo[/]: {Markup.Escape(Path.GetFileName(path))}").LeftJustified());
        CrashSummary.Render(console, replay);
        return 0;
    }
}
