using System.Text;
using System.Text.Json;

namespace SocialLoss.Contract;

/// <summary>How <see cref="EventFileVerifier"/> ended.</summary>
public enum VerifyOutcome
{
    /// <summary>Every event fits, and the state file (if any) is the state the events rebuild.</summary>
    Matches = 0,

    /// <summary>A line is not an event, or an event does not fit the state rebuilt before it.</summary>
    Invalid = 2,

    /// <summary>A line's chain does not follow from the lines before it, or the state file differs from the rebuilt state.</summary>
    Differs = 4,
}

/// <summary>
/// <c>verify</c>: rebuilds the state from an event file alone, checking each event against the state before it
/// (<see cref="EventAudit"/>) and each line's <see cref="EventChain"/> link, then compares every field of a state
/// file with the rebuilt state (as <see cref="StateWriter"/> writes it), naming the first that differs.
/// </summary>
public sealed class EventFileVerifier
{
    private readonly EventAudit _audit;
    private readonly EventReader _reader;
    private readonly EventChain _chain = new();
    private bool? _chained;

    /// <summary>A verifier over an empty ledger.</summary>
    public EventFileVerifier()
    {
        EventAudit? audit = null;
        _reader = new EventReader { Audit = e => audit!.Check(e) };
        _audit = audit = new EventAudit(_reader.Ledger);
    }

    /// <summary>The state rebuilt so far.</summary>
    public EventReader Reader => _reader;

    /// <summary>Whether the events carry a chain (null before the first event line).</summary>
    public bool? Chained => _chained;

    /// <summary>What went wrong, as <c>line N: ...</c> or <c>state file: ...</c>.</summary>
    public string? Error { get; private set; }

    /// <summary>Verifies the event lines of <paramref name="lines"/> (1-based line numbers).</summary>
    public VerifyOutcome ReadEvents(IEnumerable<string> lines)
    {
        int number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var bytes = Encoding.UTF8.GetBytes(line);
            bool has = EventChain.TrySplit(bytes, out int bodyLength, out var tag);
            _chained ??= has;
            string body = line;
            if (_chained.Value)
            {
                if (!has)
                    return Fail(VerifyOutcome.Differs, $"line {number}: no \"chain\" field, though the lines before it carry one: the line was edited or inserted");
                var raw = EventChain.Body(bytes, bodyLength);
                if (_chain.Next(raw) != tag)
                    return Fail(VerifyOutcome.Differs, $"line {number}: its chain {tag} does not follow from the lines before it: this line was edited, or a line just before it removed or inserted");
                body = Encoding.UTF8.GetString(raw);
            }

            try
            {
                _reader.Apply(body);
            }
            catch (CommandFormatException e)
            {
                return Fail(VerifyOutcome.Invalid, $"line {number}: {e.Message}");
            }
        }

        if (_audit.Finish() is { } missing)
            return Fail(VerifyOutcome.Invalid, $"line {number}: {missing}");
        return VerifyOutcome.Matches;
    }

    /// <summary>Compares every field of the state file's text with the rebuilt state.</summary>
    public VerifyOutcome CompareState(string stateText)
    {
        JsonDocument actual;
        try
        {
            actual = JsonDocument.Parse(stateText);
        }
        catch (JsonException e)
        {
            return Fail(VerifyOutcome.Invalid, $"state file: not JSON ({e.Message})");
        }

        using (actual)
        using (var expected = JsonDocument.Parse(StateWriter.Write(_reader.Ledger, _chained == true ? _chain : null)))
        {
            if (actual.RootElement.ValueKind != JsonValueKind.Object)
                return Fail(VerifyOutcome.Invalid, "state file: not a JSON object");
            if (Difference(actual.RootElement, expected.RootElement, "") is { } diff)
                return Fail(VerifyOutcome.Differs, $"state file: {diff}");
        }

        return VerifyOutcome.Matches;
    }

    private VerifyOutcome Fail(VerifyOutcome outcome, string error)
    {
        Error = error;
        return outcome;
    }

    /// <summary>The first path at which the two JSON values differ, described, or null.</summary>
    private static string? Difference(JsonElement actual, JsonElement expected, string path)
    {
        if (actual.ValueKind != expected.ValueKind)
            return $"{Name(path)} is {Show(actual)}, the events give {Show(expected)}";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in expected.EnumerateObject())
                {
                    seen.Add(p.Name);
                    var child = path.Length == 0 ? p.Name : path + "." + p.Name;
                    if (!actual.TryGetProperty(p.Name, out var a))
                        return $"{Name(child)} is missing";
                    if (Difference(a, p.Value, child) is { } d)
                        return d;
                }

                foreach (var p in actual.EnumerateObject())
                    if (!seen.Contains(p.Name))
                        return $"{Name(path.Length == 0 ? p.Name : path + "." + p.Name)} is not in the state the events give";
                return null;
            case JsonValueKind.Array:
                if (actual.GetArrayLength() != expected.GetArrayLength())
                    return $"{Name(path)} has {actual.GetArrayLength()} items, the events give {expected.GetArrayLength()}";
                int i = 0;
                foreach (var (a, e) in actual.EnumerateArray().Zip(expected.EnumerateArray()))
                    if (Difference(a, e, $"{path}[{i++}]") is { } d)
                        return d;
                return null;
            default:
                return actual.GetRawText() == expected.GetRawText() ? null : $"{Name(path)} is {Show(actual)}, the events give {Show(expected)}";
        }
    }

    private static string Name(string path) => path.Length == 0 ? "the document" : $"\"{path}\"";

    private static string Show(JsonElement e) => e.ValueKind == JsonValueKind.Object ? "an object" : e.ValueKind == JsonValueKind.Array ? "an array" : e.GetRawText();
}
