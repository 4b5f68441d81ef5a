using System.CommandLine;
using SocialLoss.Contract;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary><c>socialloss demo [--scenario FILE]</c>: replays a bundled crash and prints who paid what.</summary>
internal static class DemoCommand
{
    /// <summary>The scenario shipped next to the executable.</summary>
    public static string DefaultScenario => Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");

    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario")
        {
            Description = "JSONL command file to replay (default: the bundled scenarios/demo-crash.jsonl)",
        };
        var events = new Option<string?>("--events") { Description = "Also write the events (JSONL) to this file" };
        var state = new Option<string?>("--state") { Description = "Also write the final state (JSON) to this file" };
        var command = new Command("demo", "Replay a crash scenario (invariants checked after every command) and print tables of who was liquidated, who was deleveraged and who paid the bad debt.")
        {
            scenario, events, state,
        };
        command.SetAction(parse => Run(parse.GetValue(scenario) ?? DefaultScenario, parse.GetValue(events), parse.GetValue(state)));
        return command;
    }

    private static int Run(string path, string? eventsPath, string? statePath)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"socialloss: scenario not found: {path}");
            return 1;
        }

        var replay = new Replay(collectEvents: true);
        ReplayOutcome outcome;
        using (var input = new StreamReader(path))
        using (var writer = eventsPath is null ? null : new StreamWriter(eventsPath) { NewLine = "\n" })
            outcome = replay.Run(input, writer, check: true);
        if (statePath is not null)
            File.WriteAllText(statePath, StateWriter.Write(replay.Engine.Ledger));
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
