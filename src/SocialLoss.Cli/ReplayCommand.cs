using System.CommandLine;
using SocialLoss.Contract;

namespace SocialLoss.Cli;

/// <summary><c>socialloss replay FILE [--events OUT] [--state STATE] [--check]</c>.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "JSONL commands, one JSON object per line (blank lines and lines starting with // are skipped); - reads standard input" };
        var events = new Option<string?>("--events") { Description = "Write the events (JSONL) to this file instead of standard output" };
        var state = new Option<string?>("--state") { Description = "Write the final state (JSON: accounts, positions, liquidation/bankruptcy prices, ADL indicators, fund, deficit, stateHash) to this file" };
        var check = new Option<bool>("--check") { Description = "Verify the invariants (conservation, positions net to zero, ...) after every command; exit 3 naming the command that broke one" };
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
            throw CliError.NotFound($"file not found: {file}");
        var replay = new Replay();
        // Files and standard input alike go through the UTF-8 path: bytes checked as UTF-8, no string per field or per event.
        using var input = file == "-" ? Console.OpenStandardInput() : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var outcome = ToFiles(replay, input, eventsPath, statePath, check, Console.OpenStandardOutput);
        if (replay.Error is not null)
            Console.Error.WriteLine(replay.Error);
        return (int)outcome;
    }

    /// <summary>
    /// Replays <paramref name="input"/> with the events written to <paramref name="eventsPath"/> (else to the stream
    /// <paramref name="orElse"/> gives, left open) and the final state to <paramref name="statePath"/>: replay's and demo's
    /// one path, so demo's files are replay's, byte for byte. Every event line ends with its <c>chain</c> link (verify
    /// names the first edited line), and the state file carries the chain.
    /// </summary>
    internal static ReplayOutcome ToFiles(Replay replay, Stream input, string? eventsPath, string? statePath, bool check, Func<Stream> orElse)
    {
        CheckOutput("--state", statePath);
        CheckOutput("--events", eventsPath);
        var events = eventsPath is null ? orElse() : Writable("--events", eventsPath, () => new FileStream(eventsPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1));
        var chained = new ChainingStream(events);
        ReplayOutcome outcome;
        try
        {
            outcome = replay.Run(input, chained, check);
            chained.Finish();
        }
        finally
        {
            if (eventsPath is not null)
                events.Dispose();
        }

        if (statePath is not null)
            Writable("--state", statePath, () => { File.WriteAllText(statePath, StateWriter.Write(replay.Engine.Ledger, chained.Chain)); return 0; });
        return outcome;
    }

    /// <summary>Fails (exit 1) when an output file cannot be created where it is asked for (its folder is missing or is a file).</summary>
    internal static void CheckOutput(string option, string? path)
    {
        if (path is null)
            return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw CliError.NotFound($"cannot write {option} {path}: the folder {folder} does not exist");
        if (Directory.Exists(path))
            throw CliError.NotFound($"cannot write {option} {path}: it is a folder");
    }

    /// <summary>Runs <paramref name="write"/>, failing with exit 1 and the option's name when the file cannot be written.</summary>
    private static T Writable<T>(string option, string path, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliError.NotFound($"cannot write {option} {path}: {e.Message}");
        }
    }
}
