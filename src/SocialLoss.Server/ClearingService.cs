using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>
/// The journaled engine as one service, put together from its jobs: a <see cref="JournalFollower"/> recovers the
/// <see cref="ClearingReplica"/> from the store, a <see cref="CommitPipeline"/> journals and executes new requests, and the
/// read models (<see cref="EventWindow"/>, <see cref="DashboardHistory"/>, <see cref="EventFeed"/>,
/// <see cref="ServiceMetrics"/>) follow the replica's event stream.
/// </summary>
public sealed partial class ClearingService : IDisposable
{
    private readonly EventWindow _window;
    private readonly DashboardHistory _history;
    private readonly EventFeed _feed = new();
    private readonly ClearingReplica _replica;
    private readonly CommitPipeline _pipeline;
    private volatile NodeRole _role;
    private volatile string? _leader;

    /// <summary>Recovers the engine from <paramref name="store"/> and starts the commit pipeline.</summary>
    /// <param name="store">The journal, snapshots and keys.</param>
    /// <param name="snapshotEvery">A full snapshot every this many commands.</param>
    /// <param name="maxBatchCommands">Most commands in one group commit.</param>
    /// <param name="keepEvents">Events held in memory (see <see cref="EventWindow"/>).</param>
    /// <param name="time">The clock stamping the dashboard's samples (the system clock when null).</param>
    /// <param name="role">
    /// <see cref="NodeRole.Standby"/>: a hot standby that takes no command until <see cref="Promote"/>; the journal comes from
    /// <see cref="ApplyReplicated"/> (<see cref="ReplicationFollower"/>).
    /// </param>
    public ClearingService(IClearingStore store, int snapshotEvery = 10_000, int maxBatchCommands = 20_000, int keepEvents = 2_000_000, TimeProvider? time = null,
        NodeRole role = NodeRole.Primary)
    {
        _role = role;
        _window = new EventWindow(keepEvents);
        _history = new DashboardHistory(time ?? TimeProvider.System);
        Follower = new JournalFollower(store, [_window, _history, _feed, Metrics], _window, _history);
        var recovered = Follower.Recover();
        (_replica, Recovery) = (recovered.Replica, recovered.Info);
        _pipeline = new CommitPipeline(store, recovered, Metrics, _window, _history, snapshotEvery, maxBatchCommands);
        Metrics.AddGauges(
            () => _replica.Read(l => ((double)l.Insurance.Balance.Micros / 1_000_000d, (double)l.Deficit.Micros / 1_000_000d)),
            () => Position, () => _feed.Count, () => Fault is not null);
    }

    /// <summary>What recovery did: snapshot restored or checked, records replayed, problems found (damaged snapshots included).</summary>
    public RecoveryInfo Recovery { get; }

    /// <summary>The follower that recovered the replica (and can apply records journaled since).</summary>
    public JournalFollower Follower { get; }

    /// <summary>The metrics published on <c>/metrics</c>.</summary>
    public ServiceMetrics Metrics { get; } = new();

    /// <summary>Last journal position executed.</summary>
    public long Position => _replica.Position;

    /// <summary>Why the service stopped accepting commands, or null while healthy (see <see cref="CommitPipeline.Fault"/>).</summary>
    public string? Fault => _pipeline.Fault;

    /// <summary>Sequence number of the oldest event held in memory (see <see cref="EventWindow.FirstEventSeq"/>).</summary>
    public long FirstEventSeq => _window.FirstEventSeq;

    /// <summary>Number of live event-stream subscribers.</summary>
    public int Subscribers => _feed.Count;

    /// <summary>Queues one request; see <see cref="CommitPipeline.SubmitAsync"/>.</summary>
    public Task<SubmitOutcome> SubmitAsync(IReadOnlyList<string> lines, IReadOnlyList<Command> commands, string? requestId, string bodyHash) =>
        _role == NodeRole.Standby && _pipeline.Fault is null
            ? Task.FromResult(SubmitOutcome.Fail(SubmitError.NotPrimary, "this node is a hot standby: send writes to the primary" + (_leader is { } l ? $" ({l})" : "")))
            : _pipeline.SubmitAsync(lines, commands, requestId, bodyHash);

    /// <summary>Runs <paramref name="read"/> against the ledger under the state lock (no command executes meanwhile).</summary>
    public T Read<T>(Func<Ledger, T> read) => _replica.Read(read);

    /// <summary>The state hash now.</summary>
    public string StateHash() => _replica.StateHash();

    /// <summary>Events held in memory with a sequence number above <paramref name="since"/>; see <see cref="EventWindow.Since"/>.</summary>
    public IReadOnlyList<StoredEvent> EventsSince(long since, int limit, string? account) => _window.Since(since, limit, account);

    /// <summary>The last <paramref name="count"/> events held in memory (concerning <paramref name="account"/> when given), oldest first.</summary>
    public IReadOnlyList<StoredEvent> LastEvents(int count, string? account) => _window.Last(count, account);

    /// <summary>The dashboard time series (at most about 4,000 points; older ones thinned out).</summary>
    public IReadOnlyList<HistorySample> History() => _history.Samples();

    /// <summary>A live feed of every new event; see <see cref="EventFeed.Subscribe"/>.</summary>
    public Subscription Subscribe() => _feed.Subscribe();

    /// <summary>Stops taking commands, lets the pipeline finish what is queued, ends the feeds (the store is the caller's).</summary>
    public void Dispose()
    {
        _pipeline.Dispose();
        _feed.Dispose();
        Metrics.Dispose();
    }
}
