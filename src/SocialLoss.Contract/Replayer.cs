using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Contract;

/// <summary>
/// The one replay loop: numbered JSONL command lines — a file, standard input, a request's journal records — parsed by
/// one <see cref="Utf8CommandParser"/> and executed in order. <c>replay</c> (through <see cref="Replay"/>), the
/// service's recovery and the load test's journal check all replay through it, so a line means the same everywhere.
/// </summary>
public sealed class Replayer
{
    private readonly Utf8CommandParser _parser = new();
    private readonly List<EngineEvent> _produced = [];
    private readonly Func<Command, long, IReadOnlyList<EngineEvent>> _execute;

    /// <summary>
    /// A replayer into <paramref name="engine"/>. <paramref name="execute"/> runs one command at a line or journal
    /// position (default: the engine's <see cref="ClearingEngine.Execute(Command, int, List{EngineEvent})"/>, into one reused list): the service passes its own, which also
    /// keeps the events and metrics.
    /// </summary>
    public Replayer(ClearingEngine engine, Func<Command, long, IReadOnlyList<EngineEvent>>? execute = null)
    {
        Engine = engine;
        _execute = execute ?? ((c, line) =>
        {
            _produced.Clear(); // one list for the whole replay: callers take a command's events before the next
            engine.Execute(c, checked((int)line), _produced);
            return _produced;
        });
    }

    /// <summary>The engine, and through it the state.</summary>
    public ClearingEngine Engine { get; }

    /// <summary>A policy run first (as line 0, by <see cref="Start"/>) instead of the input's own <c>config</c> lines, which are skipped.</summary>
    public ConfigureCommand? PolicyOverride { get; init; }

    /// <summary>Verify the invariants after every command (<see cref="Error"/> names the first that broke one).</summary>
    public bool Check { get; init; }

    /// <summary>Commands executed.</summary>
    public int Commands { get; private set; }

    /// <summary>What stopped the replay, as <c>line N: ...</c>, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The events of the <see cref="PolicyOverride"/>, executed as line 0; none without one.</summary>
    public IReadOnlyList<EngineEvent> Start() => PolicyOverride is { } policy ? Engine.Execute(policy, 0) : [];

    /// <summary>
    /// Parses and executes one line numbered <paramref name="number"/>: its events (valid until the next line), or null for a blank or <c>//</c>
    /// line and a <c>config</c> line under <see cref="PolicyOverride"/>. A malformed line throws
    /// <see cref="CommandFormatException"/> and changes nothing; under <see cref="Check"/> a broken invariant sets
    /// <see cref="Error"/>.
    /// </summary>
    public IReadOnlyList<EngineEvent>? Apply(ReadOnlySpan<byte> line, long number) =>
        Utf8CommandParser.IsSkippable(line) ? null : Execute(_parser.Parse(line), number);

    /// <summary>The same for a line held as text (a journal record).</summary>
    public IReadOnlyList<EngineEvent>? Apply(string line, long number) =>
        Apply(System.Text.Encoding.UTF8.GetBytes(line), number);

    /// <summary>
    /// Replays <paramref name="input"/> to its end, the first malformed line, or (under <see cref="Check"/>) the first
    /// broken invariant, handing each command's events to <paramref name="sink"/>. A stream with a UTF-16 or UTF-32
    /// byte-order mark is decoded and replayed as the same lines.
    /// </summary>
    public ReplayOutcome Run(Stream input, Action<IReadOnlyList<EngineEvent>>? sink, Action<int>? progress = null)
    {
        using var lines = new JsonlLineReader(input);
        if (!lines.IsUtf8)
        {
            using var text = lines.ToTextReader();
            return Run(new TextReaderStream(text), sink, progress);
        }

        int number = 0;
        while (lines.TryReadLine(out var line))
        {
            number++;
            IReadOnlyList<EngineEvent>? produced;
            try
            {
                produced = Apply(line, number);
            }
            catch (CommandFormatException e)
            {
                Error = $"line {number}: {e.Message}";
                return ReplayOutcome.MalformedInput;
            }

            if (produced is null)
                continue;
            sink?.Invoke(produced);
            progress?.Invoke(number);
            if (Error is not null)
                return ReplayOutcome.InvariantViolated;
        }

        return ReplayOutcome.Completed;
    }

    private IReadOnlyList<EngineEvent>? Execute(Command command, long number)
    {
        if (PolicyOverride is not null && command is ConfigureCommand)
            return null; // the policy under comparison replaces the file's own
        var produced = _execute(command, number);
        Commands++;
        if (Check && Invariants.Check(Engine.Ledger) is { } violation)
            Error = $"line {number}: invariant violated after this command: {violation}";
        return produced;
    }
}
