using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Server;

/// <summary>
/// The most recent events, held in memory for <c>/events</c>, the stream's catch-up, the dashboard and answers to
/// repeated requests. When more than <c>keep</c> pile up the oldest are dropped in chunks of half the window, so memory
/// (and the collector's work) stays bounded however long the service runs; the journal keeps every command.
/// </summary>
public sealed class EventWindow(int keep) : IReadModel
{
    private readonly int _keep = Math.Max(1, keep);
    private readonly List<StoredEvent> _events = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// Sequence number of the oldest event held: events before a restored snapshot live on only in the state, and the
    /// window moves on as old events are dropped.
    /// </summary>
    public long FirstEventSeq { get; private set; } = 1;

    /// <summary>Starts the window after a restored state whose last event is <paramref name="lastSeq"/> (nothing held yet).</summary>
    public void StartAfter(long lastSeq)
    {
        lock (_gate)
        {
            _events.Clear();
            FirstEventSeq = lastSeq + 1;
        }
    }

    /// <inheritdoc/>
    public void OnEvent(EngineEvent e, StoredEvent stored)
    {
        lock (_gate)
        {
            _events.Add(stored);
            if (_events.Count >= _keep + Math.Max(1, _keep / 2))
            {
                // two moves per event whatever the window: drop half a window at a time
                int drop = _events.Count - _keep;
                _events.RemoveRange(0, drop);
                FirstEventSeq += drop;
            }
        }
    }

    /// <inheritdoc/>
    public void OnCommand(Command command, long position, Ledger ledger, bool live)
    {
    }

    /// <summary>
    /// Events with a sequence number above <paramref name="since"/>, at most <paramref name="limit"/>, only those concerning
    /// <paramref name="account"/> when given. When <paramref name="since"/> is below <see cref="FirstEventSeq"/> − 1 the answer
    /// starts at <see cref="FirstEventSeq"/> (a caller sees the gap from the first sequence number it gets).
    /// </summary>
    public IReadOnlyList<StoredEvent> Since(long since, int limit, string? account)
    {
        var result = new List<StoredEvent>();
        lock (_gate)
        {
            // _events[i] has sequence number FirstEventSeq + i
            for (long i = Math.Max(0, since - (FirstEventSeq - 1)); i < _events.Count && result.Count < limit; i++)
            {
                var e = _events[(int)i];
                if (account is null || e.Concerns(account))
                    result.Add(e);
            }
        }

        return result;
    }

    /// <summary>The last <paramref name="count"/> events held (concerning <paramref name="account"/> when given), oldest first.</summary>
    public IReadOnlyList<StoredEvent> Last(int count, string? account)
    {
        var result = new List<StoredEvent>();
        lock (_gate)
        {
            for (int i = _events.Count - 1; i >= 0 && result.Count < count; i--)
                if (account is null || _events[i].Concerns(account))
                    result.Add(_events[i]);
        }

        result.Reverse();
        return result;
    }

    /// <summary>The held events of the commands at journal positions <paramref name="first"/> to <paramref name="last"/>.</summary>
    public IReadOnlyList<StoredEvent> OfCommands(long first, long last)
    {
        var result = new List<StoredEvent>();
        lock (_gate)
        {
            foreach (var e in _events)
                if (e.Cmd >= first && e.Cmd <= last)
                    result.Add(e);
        }

        return result;
    }
}
