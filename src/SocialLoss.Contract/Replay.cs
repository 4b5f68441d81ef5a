using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Contract;

/// <summary>
/// Runs a JSONL command stream through a fresh engine: each line parsed, executed, its events written
/// as JSON lines. A malformed line stops the replay (events of earlier lines already written); a
/// rejected command is an event and the replay goes on.
/// </summary>
public sealed class Replay
{
    private readonly List<EngineEvent>? _collected;

    /// <summary>A replay; with <paramref name="collectEvents"/> it also keeps the events in memory (for summaries).</summary>
    public Replay(bool collectEvents = false)
    {
        Engine = new ClearingEngine();
        _collected = collectEvents ? [] : null;
    }

    /// <summary>The engine, and through it the final state.</summary>
    public ClearingEngine Engine { get; }

    private readonly List<EngineEvent> _produced = [];

    /// <summary>All events, when collected.</summary>
    public IReadOnlyList<EngineEvent> Events => _collected ?? throw new InvalidOperationException("events were not collected");

    /// <summary>What went wrong, as <c>line N: ...</c>, when the outcome is not <see cref="ReplayOutcome.Completed"/>.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// A policy to run instead of the input's own: executed first (as line 0), and the input's <c>config</c>
    /// lines are skipped. This is how <c>compare</c> runs the same commands under each policy.
    /// </summary>
    public Core.Commands.ConfigureCommand? PolicyOverride { get; init; }

    /// <summary>Number of commands executed.</summary>
    public int Commands { get; private set; }

    /// <summary>
    /// Reads <paramref name="input"/> to the end (or the first malformed line), writing events to
    /// <paramref name="events"/> (may be null). With <paramref name="check"/>, verifies the invariants
    /// after every command and stops at the first violation.
    /// </summary>
    public ReplayOutcome Run(TextReader input, TextWriter? events, bool check = false, Action<int>? progress = null)
    {
        var writer = new EventWriter(Engine.Ledger);
        if (PolicyOverride is { } policy)
        {
            var produced = Engine.Execute(policy, 0);
            _collected?.AddRange(produced);
            if (events is not null)
                foreach (var e in produced)
                    events.WriteLine(writer.Format(e));
        }

        int lineNumber = 0;
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            lineNumber++;
            if (CommandParser.IsSkippable(line))
                continue;
            Core.Commands.Command command;
            try
            {
                command = CommandParser.Parse(line);
            }
            catch (CommandFormatException e)
            {
                Error = $"line {lineNumber}: {e.Message}";
                return ReplayOutcome.MalformedInput;
            }

            if (Execute(command, lineNumber, check, progress) is not { } produced)
                continue;
            if (events is not null)
                foreach (var e in produced)
                    events.WriteLine(writer.Format(e));
            if (Error is not null)
                return ReplayOutcome.InvariantViolated;
        }

        return ReplayOutcome.Completed;
    }

    /// <summary>
    /// The same replay over UTF-8 bytes: lines split in a pooled buffer, parsed by <see cref="Utf8CommandParser"/>
    /// (no string per field; the text parser decides any line it does not fully understand, so results and error
    /// messages are the same), events written as UTF-8 straight into <paramref name="events"/>. The output is
    /// byte for byte that of <see cref="Run(TextReader, TextWriter?, bool, Action{int}?)"/> with a UTF-8
    /// <c>\n</c>-terminated writer. A stream with a UTF-16 or UTF-32 byte-order mark is decoded and replayed as text.
    /// </summary>
    public ReplayOutcome Run(Stream input, Stream? events, bool check = false, Action<int>? progress = null)
    {
        using var lines = new JsonlLineReader(input);
        if (!lines.IsUtf8)
        {
            using var text = lines.ToTextReader();
            using var textOut = events is null ? null : new StreamWriter(events, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
            return Run(text, textOut, check, progress);
        }

        var parser = new Utf8CommandParser();
        var writer = new EventWriter(Engine.Ledger);
        using var output = events is null ? null : new StreamBufferWriter(events);
        if (PolicyOverride is { } policy)
        {
            var produced = Engine.Execute(policy, 0);
            _collected?.AddRange(produced);
            if (output is not null)
                foreach (var e in produced)
                    writer.WriteLine(e, output);
        }

        int lineNumber = 0;
        while (lines.TryReadLine(out var line))
        {
            lineNumber++;
            if (Utf8CommandParser.IsSkippable(line))
                continue;
            Core.Commands.Command command;
            try
            {
                command = parser.Parse(line);
            }
            catch (CommandFormatException e)
            {
                Error = $"line {lineNumber}: {e.Message}";
                return ReplayOutcome.MalformedInput;
            }

            if (Execute(command, lineNumber, check, progress) is not { } produced)
                continue;
            if (output is not null)
                foreach (var e in produced)
                    writer.WriteLine(e, output);
            if (Error is not null)
                return ReplayOutcome.InvariantViolated;
        }

        return ReplayOutcome.Completed;
    }

    /// <summary>
    /// Executes one parsed command: its events (null for a <c>config</c> line skipped under
    /// <see cref="PolicyOverride"/>); with <paramref name="check"/>, sets <see cref="Error"/> when an invariant broke.
    /// </summary>
    private IReadOnlyList<EngineEvent>? Execute(Core.Commands.Command command, int lineNumber, bool check, Action<int>? progress)
    {
        if (PolicyOverride is not null && command is Core.Commands.ConfigureCommand)
            return null; // the policy under comparison replaces the file's own

        var produced = _produced; // one list for the whole replay: the caller writes a command's events out before the next
        produced.Clear();
        Engine.Execute(command, lineNumber, produced);
        Commands++;
        _collected?.AddRange(produced);
        progress?.Invoke(lineNumber);
        if (check && Invariants.Check(Engine.Ledger) is { } violation)
            Error = $"line {lineNumber}: invariant violated after this command: {violation}";
        return produced;
    }
}
