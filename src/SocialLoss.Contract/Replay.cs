using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Contract;

/// <summary>
/// Runs a JSONL command stream through a fresh engine with the one <see cref="Replayer"/>: each line parsed, executed,
/// its events written as JSON lines. A malformed line stops the replay (events of earlier lines already written); a
/// rejected command is an event and the replay goes on.
/// </summary>
public sealed class Replay
{
    private readonly List<EngineEvent>? _collected;
    private Replayer? _replayer;

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
    public string? Error => _replayer?.Error;

    /// <summary>
    /// A policy to run instead of the input's own: executed first (as line 0), and the input's <c>config</c>
    /// lines are skipped. This is how <c>compare</c> runs the same commands under each policy.
    /// </summary>
    public Core.Commands.ConfigureCommand? PolicyOverride { get; init; }

    /// <summary>Number of commands executed.</summary>
    public int Commands => _replayer?.Commands ?? 0;

    /// <summary>
    /// Reads <paramref name="input"/> to the end (or the first malformed line), writing events to
    /// <paramref name="events"/> (may be null), a string per event. With <paramref name="check"/>, verifies the invariants
    /// after every command and stops at the first violation. The text is read as its UTF-8 bytes, through the same line
    /// source and parser as <see cref="Run(Stream, Stream?, bool, Action{int}?)"/>.
    /// </summary>
    public ReplayOutcome Run(TextReader input, TextWriter? events, bool check = false, Action<int>? progress = null)
    {
        var writer = new EventWriter(Engine.Ledger);
        return Run(new TextReaderStream(input), events is null ? null : produced =>
        {
            foreach (var e in produced)
                events.WriteLine(writer.Format(e));
        }, check, progress);
    }

    /// <summary>
    /// The same replay over UTF-8 bytes, events written as UTF-8 straight into <paramref name="events"/> through a
    /// pooled buffer (no string per field or per event): byte for byte the output of
    /// <see cref="Run(TextReader, TextWriter?, bool, Action{int}?)"/> with a UTF-8 <c>\n</c>-terminated writer. A stream
    /// with a UTF-16 or UTF-32 byte-order mark is decoded and replayed as text.
    /// </summary>
    public ReplayOutcome Run(Stream input, Stream? events, bool check = false, Action<int>? progress = null)
    {
        var writer = new EventWriter(Engine.Ledger);
        using var output = events is null ? null : new StreamBufferWriter(events);
        return Run(input, output is null ? null : produced =>
        {
            foreach (var e in produced)
                writer.WriteLine(e, output);
        }, check, progress);
    }

    private ReplayOutcome Run(Stream input, Action<IReadOnlyList<EngineEvent>>? write, bool check, Action<int>? progress)
    {
        _replayer = new Replayer(Engine) { PolicyOverride = PolicyOverride, Check = check };
        Action<IReadOnlyList<EngineEvent>> sink = produced =>
        {
            _collected?.AddRange(produced);
            write?.Invoke(produced);
        };
        sink(_replayer.Start());
        return _replayer.Run(input, sink, progress);
    }
}
