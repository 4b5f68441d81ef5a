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
            Exit codes: 0 done (rejected commands are events, not errors); 1 file not found;
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

        var replay = new Replay();
        ReplayOutcome outcome;
        var sink = eventsPath is null ? Console.OpenStandardOutput() : new FileStream(eventsPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
        var events = new ChainingStream(sink); // every event line ends with its "chain" link (verify names the first edited line)
        try
        {
            if (file == "-")
            {
                // Standard input stays on the text path: it is decoded with the console's input encoding.
                using var stdout = new StreamWriter(events, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
                outcome = replay.Run(Console.In, stdout, check);
            }
            else
            {
                // Files go through the UTF-8 path: pooled buffers, no string per field or per event.
                using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                outcome = replay.Run(input, events, check);
            }

            events.Finish();
        }
        finally
        {
            if (eventsPath is not null)
                sink.Dispose(); // standard output stays open
        }

        if (statePath is not null)
            File.WriteAllText(statePath, StateWriter.Write(replay.Engine.Ledger, events.Chain));
        if (replay.Error is not null)
            Console.Error.WriteLine(replay.Error);
        return (int)outcome;
    }
}
