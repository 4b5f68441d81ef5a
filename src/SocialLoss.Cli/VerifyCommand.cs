using System.CommandLine;
using System.Text.Json;
using SocialLoss.Contract;

namespace SocialLoss.Cli;

/// <summary><c>socialloss verify EVENTS.jsonl [--state STATE.json]</c>: rebuild the state from events alone and prove each.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("EVENTS") { Description = "JSONL events as written by replay (--events)" };
        var state = new Option<string?>("--state") { Description = "A state file written by replay (--state): every field must equal the rebuilt state's" };
        var command = new Command("verify", """
            Rebuild the state from an event stream alone (every amount moved is in exactly one event), checking each event
            against the state rebuilt before it (fund balance, deficit, liquidation figures, fees, bad debt) and each line's
            "chain" link (the first edited, removed or inserted line is named), and print the state hash; with --state,
            compare every field of the state file (and its events count and chain) with the rebuilt state.
            Exit codes: 0 rebuilt (and equal); 1 file not found; 2 a line is not a valid event or does not fit the state
            (or the state file is not JSON); 4 a line's chain or a field of the state file differs.
            """)
        {
            file, state,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(state)));
        return command;
    }

    private static int Run(string path, string? statePath)
    {
        foreach (var p in new[] { path, statePath })
            if (p is not null && !File.Exists(p))
                throw CliError.NotFound($"file not found: {p}");

        var verifier = new EventFileVerifier();
        var outcome = verifier.ReadEvents(File.ReadLines(path));
        if (outcome == VerifyOutcome.Matches)
        {
            Console.WriteLine($"{verifier.Reader.Count} events, state hash {StateHash.Compute(verifier.Reader.Ledger)}"
                + (verifier.Chained == true ? "" : " (the events carry no chain: edits that fit the state are not detected)"));
            if (statePath is null)
                return 0;
            if (StateHashOf(statePath, out var problem) is null)
                throw CliError.Invalid($"--state {statePath}: {problem}");

            outcome = verifier.CompareState(File.ReadAllText(statePath));
            if (outcome == VerifyOutcome.Matches)
            {
                Console.WriteLine("matches the state file");
                return 0;
            }
        }

        Console.Error.WriteLine(verifier.Error);
        return (int)outcome;
    }

    /// <summary>The <c>stateHash</c> of a state file, or null with what is wrong (not JSON, no hash).</summary>
    private static string? StateHashOf(string path, out string? problem)
    {
        problem = null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("stateHash", out var h) && h.ValueKind == JsonValueKind.String)
                return h.GetString();
            problem = "not a state file written by replay --state (no \"stateHash\" string)";
        }
        catch (JsonException e)
        {
            problem = $"not a state file written by replay --state (invalid JSON: {e.Message})";
        }

        return null;
    }
}
