using System.CommandLine;
using System.Text.Json;
using SocialLoss.Contract;

namespace SocialLoss.Cli;

/// <summary><c>socialloss verify EVENTS.jsonl [--state STATE.json]</c>: rebuild the state from events alone.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("EVENTS") { Description = "JSONL events as written by replay (--events)" };
        var state = new Option<string?>("--state") { Description = "A state file written by replay (--state): its stateHash must equal the rebuilt one" };
        var command = new Command("verify", """
            Rebuild the state from an event stream alone (every amount moved is in exactly one event) and print its
            state hash; with --state, compare it with the hash the replay reported.
            Exit codes: 0 rebuilt (and equal); 1 file not found; 2 a line is not a valid event or does not fit the state, or the state file is not one; 4 hashes differ.
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
        {
            if (p is not null && !File.Exists(p))
            {
                Console.Error.WriteLine($"socialloss: file not found: {p}");
                return 1;
            }
        }

        var reader = new EventReader();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                reader.Apply(line);
            }
            catch (CommandFormatException e)
            {
                Console.Error.WriteLine($"line {lineNumber}: {e.Message}");
                return 2;
            }
        }

        var hash = StateHash.Compute(reader.Ledger);
        Console.WriteLine($"{reader.Count} events, state hash {hash}");
        if (statePath is null)
            return 0;
        if (StateHashOf(statePath, out var problem) is not { } expected)
        {
            Console.Error.WriteLine($"socialloss: --state {statePath}: {problem}");
            return 2;
        }

        if (expected == hash)
        {
            Console.WriteLine("matches the state file");
            return 0;
        }

        Console.Error.WriteLine($"socialloss: rebuilt state hash {hash} differs from the state file's {expected}");
        return 4;
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
