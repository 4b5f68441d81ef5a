using System.Diagnostics;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>
/// Keeps a node's engine in the role its database has (<c>pg_is_in_recovery()</c>), in a replicated deployment where
/// Patroni decides which database leads. On a standby it tails the journal from the local read-only replica and applies
/// every record to the engine (<see cref="ClearingService.ApplyReplicated"/>), and keeps the leader's engine address for
/// redirects. When the local database is promoted it applies what is left (after a promotion the database holds every
/// record the old primary acknowledged: a commit was acknowledged only once the synchronous standby had flushed it,
/// and promotion replays everything flushed) and makes the engine primary. A primary whose database turns into a
/// standby, or stays unreachable for <see cref="UnreachableLimit"/>, steps down (503): another node may lead now.
/// </summary>
public sealed class ReplicationFollower : IDisposable
{
    /// <summary>How long a primary's database may be unreachable before the primary steps down.</summary>
    public static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(2);

    private const int Chunk = 10_000;
    private readonly ClearingService _service;
    private readonly PostgresStore _store;
    private readonly PatroniLeader? _patroni;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile string? _problem;
    private long _journal;
    private int _databaseRole;
    private long _promotedAtMs = -1;
    private long _promotionMs = -1;

    /// <summary>Starts following: <paramref name="store"/> is the node's own database, <paramref name="patroni"/> finds the leader for redirects.</summary>
    public ReplicationFollower(ClearingService service, PostgresStore store, PatroniLeader? patroni, TextWriter log)
    {
        _service = service;
        _store = store;
        _patroni = patroni;
        _log = log;
        _journal = service.Position;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The last journal position the node's database holds (as last probed).</summary>
    public long JournalPosition => Interlocked.Read(ref _journal);

    /// <summary>What the node's database was at the last probe.</summary>
    public DatabaseRole DatabaseRole => (DatabaseRole)Volatile.Read(ref _databaseRole);

    /// <summary>Milliseconds from seeing the database promoted to taking commands, or null when this node was not promoted.</summary>
    public long? PromotionMilliseconds => Interlocked.Read(ref _promotionMs) is var ms and >= 0 ? ms : null;

    /// <summary>When the engine was promoted (Unix milliseconds), or null.</summary>
    public long? PromotedAt => Interlocked.Read(ref _promotedAtMs) is var at and >= 0 ? at : null;

    /// <summary>The last problem reading the replica (a retry follows), or null.</summary>
    public string? Problem => _problem;

    private async Task LoopAsync()
    {
        var ct = _stop.Token;
        var leaderAge = Stopwatch.StartNew();
        bool leaderKnown = false;
        long unreachableSince = -1;
        while (!ct.IsCancellationRequested)
        {
            var (role, last) = _store.Probe();
            Volatile.Write(ref _databaseRole, (int)role);
            if (last >= 0)
                Interlocked.Exchange(ref _journal, last);
            bool busy = false;
            try
            {
                if (_service.Fault is not null)
                {
                    // fenced for good: nothing to follow or lead until a restart
                }
                else if (_service.Role == NodeRole.Standby)
                {
                    if (role != DatabaseRole.Unreachable)
                        busy = CatchUp() == Chunk;
                    if (role == DatabaseRole.Primary)
                        Promote();
                    else if (_patroni is not null && (!leaderKnown || leaderAge.ElapsedMilliseconds > 500))
                    {
                        _service.Leader = await _patroni.EngineAsync(ct).ConfigureAwait(false);
                        leaderKnown = _service.Leader is not null;
                        leaderAge.Restart();
                    }
                }
                else if (role == DatabaseRole.Standby)
                {
                    _service.StepDown("the database was demoted to a standby (another node leads)");
                    _log.WriteLine("socialloss: replication: the database was demoted; stepped down");
                }
                else if (role == DatabaseRole.Unreachable)
                {
                    long now = Environment.TickCount64;
                    if (unreachableSince < 0)
                        unreachableSince = now;
                    else if (now - unreachableSince > UnreachableLimit.TotalMilliseconds)
                    {
                        _service.StepDown($"the database has been unreachable for over {UnreachableLimit.TotalSeconds:F0} s (another node may lead)");
                        _log.WriteLine("socialloss: replication: the database is unreachable; stepped down");
                    }
                }
                else
                {
                    unreachableSince = -1;
                }

                _problem = null;
            }
            catch (StorageException e)
            {
                // a query cancelled by a replication conflict, a restarting server: the next round retries
                if (_problem != e.Message)
                    _log.WriteLine($"socialloss: replication: {e.Message} (retrying)");
                _problem = e.Message;
            }
            catch (InvalidOperationException e)
            {
                _service.StepDown($"replication failed: {e.Message}");
                _log.WriteLine($"socialloss: replication: {e.Message}; stopped");
            }

            if (!busy)
            {
                try
                {
                    await Task.Delay(_service.Role == NodeRole.Standby ? 20 : 100, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Applies the next chunk of the replica's journal; returns how many records were read.</summary>
    private int CatchUp()
    {
        long before = _service.Position;
        var records = _store.ReadChunk(before, Chunk);
        if (records.Count == 0)
            return 0;
        var requests = _store.RequestsBetween(before, records[^1].Position);
        _service.ApplyReplicated(records, requests);
        return records.Count;
    }

    /// <summary>The database was promoted: apply everything it holds, then take commands after its last record.</summary>
    private void Promote()
    {
        var sw = Stopwatch.StartNew();
        while (CatchUp() > 0)
        {
        }

        long last = _store.Refresh();
        if (last != _service.Position)
            throw new InvalidOperationException($"after promotion the journal ends at {last} but the engine applied up to {_service.Position}");
        _service.Promote();
        Interlocked.Exchange(ref _promotionMs, sw.ElapsedMilliseconds);
        Interlocked.Exchange(ref _promotedAtMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _log.WriteLine($"socialloss: replication: the database was promoted; primary at journal position {last} ({sw.ElapsedMilliseconds} ms after seeing it)");
    }

    /// <summary>
    /// The role a service starts in: standby when <see cref="ServiceOptions.Patroni"/> is set and the database is a
    /// replica, else primary. A replicated deployment needs PostgreSQL.
    /// </summary>
    public static NodeRole StartingRole(IClearingStore store, ServiceOptions options)
    {
        if (options.Patroni is null)
            return NodeRole.Primary;
        if (store is not PostgresStore pg)
            throw new InvalidOperationException("a replicated node (--patroni) needs its journal in PostgreSQL (--db postgres://… or Host=…)");
        return pg.Probe().Role switch
        {
            DatabaseRole.Standby => NodeRole.Standby,
            DatabaseRole.Primary => NodeRole.Primary,
            _ => throw new InvalidOperationException($"the database stopped answering while the service started"),
        };
    }

    /// <summary>A follower for the service when <see cref="ServiceOptions.Patroni"/> is set, else null.</summary>
    public static ReplicationFollower? Start(ClearingService service, IClearingStore store, ServiceOptions options) =>
        options.Patroni is { } patroni && store is PostgresStore pg
            ? new ReplicationFollower(service, pg, new PatroniLeader(patroni, new HttpClient()), Console.Error)
            : null;

    /// <summary>Stops following (the service and the store are the caller's).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // stopped
        }

        _stop.Dispose();
    }
}
