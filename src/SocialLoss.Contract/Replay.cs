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

            if (PolicyOverride is not null && command is Core.Commands.ConfigureCommand)
                continue; // the policy under comparison replaces the file's own

            var produced = Engine.Execute(command, lineNumber);
            Commands++;
            if (events is not null)
                foreach (var e in produced)
                    events.WriteLine(writer.Format(e));
            _collected?.AddRange(produced);
            progress?.Invoke(lineNumber);
            if (check && Invariants.Check(Engine.Ledger) is { } violation)
            {
                Error = $"line {lineNumber}: invariant violated after this command: {violation}";
                return ReplayOutcome.InvariantViolated;
            }
        }

        return ReplayOutcome.Completed;
    }
}
