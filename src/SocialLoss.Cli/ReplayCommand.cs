using System.CommandLine;
using SocialLoss.Contract;

namespace SocialLoss.Cli;

/// <summary><c>socialloss replay FILE [--events OUT] [--state STATE] [--check]</c>.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "JSONL commands, one JSON object per line (blank lines and lines starting with // are skipped); - reads standard input",
        };
        var events = new Option<string?>("--events")
        {
            Description = "Write the events (JSONL) to this file instead of standard output",
        };
        var state = new Option<string?>("--state")
        {
            Description = "Write the final state (JSON: accounts, positions, liquidation/bankruptcy prices, ADL indicators, fund, deficit, stateHash) to this file",
        };
        var check = new Option<bool>("--check")
        {
            Description = "Verify the invariants (conservation, positions net to zero, ...) after every command; exit 3 naming the command that broke one",
        };
        var command = new Command("replay", """
            Replay a JSONL command stream through the clearing engine and write its events.
            Exit codes: 0 done (rejected commands are events, not errors); 1 file not found, or an output (--events, --state) cannot be written;
            2 a malformed line ("line N: ..." on stderr, events of earlier lines written);
            3 an invariant failed under --check.
            Commands: config, market, deposit, withdraw, trade, mark, funding, book, insurance, backstop,
            settle, member, sitg, default (fields and config names: README, "Replay: the public contract").
            """)
        {
            file, events, state, check,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(events), parse.GetValue(state), parse.GetValue(check)));
        return command;
    }

    private static int Run(string file, string? eventsPath, string? statePath, bool check)
    {
        if (file != "-" && !File.Exists(file))
        {
            Console.Error.WriteLine($"socialloss: file not found: {file}");
            return 1;
        }

        if ((OutputProblem("--state", statePath) ?? OutputProblem("--events", eventsPath)) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }

        var replay = new Replay();
        ReplayOutcome outcome;
        Stream events;
        try
        {
            events = eventsPath is null ? Console.OpenStandardOutput() : new FileStream(eventsPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"socialloss: cannot write --events {eventsPath}: {e.Message}");
            return 1;
        }

        try
        {
            // Files and standard input alike go through the UTF-8 path: bytes checked as UTF-8, no string per field or per event.
            using var input = file == "-" ? Console.OpenStandardInput() : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            outcome = replay.Run(input, events, check);
            events.Flush();
        }
        finally
        {
            if (eventsPath is not null)
                events.Dispose(); // standard output stays open
        }

        if (statePath is not null)
        {
            try
            {
                File.WriteAllText(statePath, StateWriter.Write(replay.Engine.Ledger));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"socialloss: cannot write --state {statePath}: {e.Message}");
                return 1;
            }
        }

        if (replay.Error is not null)
            Console.Error.WriteLine(replay.Error);
        return (int)outcome;
    }

    /// <summary>A one-line message when an output file cannot be created where it is asked for (its folder is missing or is a file).</summary>
    internal static string? OutputProblem(string option, string? path)
    {
        if (path is null)
            return null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            return $"socialloss: cannot write {option} {path}: the folder {folder} does not exist";
        return Directory.Exists(path) ? $"socialloss: cannot write {option} {path}: it is a folder" : null;
    }
}
