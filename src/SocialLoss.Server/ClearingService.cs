using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>
/// The journaled engine. Requests queue up; a single writer loop takes what is queued, appends it to the
/// journal in one transaction (group commit), and only after the commit is durable executes the commands
/// in journal order and answers each request with its events. Journaling and execution are two stages of
/// a pipeline (one thread each): batch N executes while batch N+1 is being committed. A failed commit
/// answers every request of the batch with an error, executes nothing and fences the service: after a
/// failed commit or fsync the database file's state is unknown (PostgreSQL's 2018 "fsyncgate": a retried
/// fsync can report success for writes the kernel already dropped), so every later request is refused until
/// a restart recovers from what is durable. Every <c>snapshotEvery</c> commands a full snapshot (the state's
/// image, checksummed) is written; on start the engine is restored from the newest snapshot that checks out
/// (checksum, image, state hash) and only the journal after it is replayed; without one the whole journal is
/// replayed.
/// </summary>
public sealed partial class ClearingService : IDisposable
{
    private readonly IClearingStore _store;
    private ClearingEngine _engine = null!; // set by Recover: restored from a snapshot or new
    private EventWriter _writer = null!;
    private readonly ArrayBufferWriter<byte> _eventLine = new(512); // reused: one event's line, copied out as its bytes
    private readonly Lock _state = new();
    private readonly List<StoredEvent> _events = [];
    private readonly List<HistorySample> _history = [];
    private readonly Lock _requestsGate = new();
    private readonly Dictionary<string, RequestEntry> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pending> _inFlight = new(StringComparer.Ordinal);
    private readonly Channel<CommittedBatch> _committed = Channel.CreateBounded<CommittedBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _subscribersGate = new();
    private readonly List<Channel<StoredEvent>> _subscribers = [];
    private readonly int _snapshotEvery;
    private readonly int _maxBatchCommands;
    private readonly int _keepEvents;
    private readonly Task _loop;
    private readonly Task _executor;
    private volatile string? _fault;
    private volatile NodeRole _role;
    private volatile string? _leader;

    /// <summary>Recovers the engine from <paramref name="store"/> and starts the writer loop.</summary>
    /// <param name="store">The journal, snapshots and keys.</param>
    /// <param name="snapshotEvery">A full snapshot every this many commands.</param>
    /// <param name="maxBatchCommands">Most commands in one group commit.</param>
    /// <param name="keepEvents">
    /// Events held in memory for <c>/events</c>, the stream's catch-up and the dashboard: when more pile up, the oldest
    /// are dropped in chunks and <see cref="FirstEventSeq"/> moves on, so memory (and the collector's work) stays
    /// bounded however long the service runs. The journal keeps every command; a replay gives the older events.
    /// </param>
    /// <param name="role">
    /// <see cref="NodeRole.Standby"/>: a hot standby that takes no command until <see cref="Promote"/>; the journal comes from
    /// <see cref="ApplyReplicated"/> (<see cref="ReplicationFollower"/>).
    /// </param>
    public ClearingService(IClearingStore store, int snapshotEvery = 10_000, int maxBatchCommands = 20_000, int keepEvents = 2_000_000, NodeRole role = NodeRole.Primary)
    {
        _store = store;
        _role = role;
        _keepEvents = Math.Max(1, keepEvents);
        _snapshotEvery = Math.Max(1, snapshotEvery);
        _maxBatchCommands = Math.Max(1, maxBatchCommands);
        Recovery = Recover();
        _executor = Task.Run(ExecuteLoopAsync);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>What recovery did: snapshot restored or checked, records replayed, problems found (damaged snapshots included).</summary>
    public RecoveryInfo Recovery { get; }

    /// <summary>Counters for <c>/metrics</c>.</summary>
    public Metrics Metrics { get; } = new();

    /// <summary>Last journal position executed.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Why the service stopped accepting commands (a failed journal or snapshot commit, an engine fault), or null
    /// while healthy. Once set it stays set until the process restarts.
    /// </summary>
    public string? Fault => _fault;

    /// <summary>
    /// Sequence number of the oldest event held in memory. The service keeps the events produced since it started
    /// plus those of the journal it replayed; when recovery restored a snapshot, the events up to the snapshot are
    /// not held (they live on only in the state), so this is the snapshot's last sequence number + 1 (1 after a full replay).
    /// It also moves on as the oldest events beyond the <c>keepEvents</c> window are dropped.
    /// </summary>
    public long FirstEventSeq { get; private set; } = 1;

    /// <summary>Number of live event-stream subscribers.</summary>
    public int Subscribers
    {
        get
        {
            lock (_subscribersGate)
                return _subscribers.Count;
        }
    }

    private sealed record CommittedBatch(List<Pending> Requests, IReadOnlyList<long> Firsts);

    private sealed record Pending(IReadOnlyList<string> Lines, IReadOnlyList<Command> Commands, string? RequestId, string BodyHash)
    {
        public TaskCompletionSource<SubmitResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Queues one request (its command lines and their parsed commands) and completes once they are durable
    /// and executed. With <paramref name="requestId"/> a repeat of the same request returns the first answer (its
    /// positions, and those of its events still held: none when it was answered before the snapshot recovery started from).
    /// Throws <see cref="StorageException"/> (not journaled), <see cref="IdempotencyConflictException"/> or
    /// <see cref="ServiceFaultedException"/>.
    /// </summary>
    public Task<SubmitResult> SubmitAsync(IReadOnlyList<string> lines, IReadOnlyList<Command> commands, string? requestId, string bodyHash)
    {
        if (_fault is { } f)
            throw new ServiceFaultedException(f);
        if (_role == NodeRole.Standby)
            throw new NotPrimaryException(_leader);
        var p = new Pending(lines, commands, requestId, bodyHash);
        if (!_queue.Writer.TryWrite(p))
            throw new ServiceFaultedException("the service is shutting down");
        return p.Done.Task;
    }

    /// <summary>Runs <paramref name="read"/> against the ledger under the state lock (no command executes meanwhile).</summary>
    public T Read<T>(Func<Ledger, T> read)
    {
        lock (_state)
            return read(_engine.Ledger);
    }

    /// <summary>The state hash now.</summary>
    public string StateHash() => Read(SocialLoss.Contract.StateHash.Compute);

    /// <summary>
    /// Events with a sequence number above <paramref name="since"/>, at most <paramref name="limit"/>, only those
    /// concerning <paramref name="account"/> when given. Only events held in memory are returned: when
    /// <paramref name="since"/> is below <see cref="FirstEventSeq"/> − 1 the answer starts at <see cref="FirstEventSeq"/>
    /// (a caller sees the gap from the first sequence number it gets).
    /// </summary>
    public IReadOnlyList<StoredEvent> EventsSince(long since, int limit, string? account)
    {
        var result = new List<StoredEvent>();
        lock (_state)
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

    /// <summary>The last <paramref name="count"/> events held in memory (concerning <paramref name="account"/> when given), oldest first.</summary>
    public IReadOnlyList<StoredEvent> LastEvents(int count, string? account)
    {
        var result = new List<StoredEvent>();
        lock (_state)
        {
            for (int i = _events.Count - 1; i >= 0 && result.Count < count; i--)
                if (account is null || _events[i].Concerns(account))
                    result.Add(_events[i]);
        }

        result.Reverse();
        return result;
    }

    /// <summary>The dashboard time series (at most about 4,000 points; older ones thinned out).</summary>
    public IReadOnlyList<HistorySample> History()
    {
        lock (_state)
            return [.. _history];
    }

    /// <summary>A live feed of every new event; dispose the subscription to stop it. A reader too slow to keep up loses the oldest events.</summary>
    public Subscription Subscribe()
    {
        var ch = Channel.CreateBounded<StoredEvent>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_subscribersGate)
            _subscribers.Add(ch);
        return new Subscription(ch.Reader, () =>
        {
            lock (_subscribersGate)
                _subscribers.Remove(ch);
        });
    }

    private RecoveryInfo Recover()
    {
        var sw = Stopwatch.StartNew();
        var problems = new List<string>();
        if (_store.Recovery.Problem is { } p)
            problems.Add(p);
        // storage damage that reaches acknowledged commands: start on what is good, but take no writes
        string? fence = _store.Recovery.Fenced ? _store.Recovery.Problem : null;
        var source = new RecoverySource(_store);
        Snapshot? restored = null, checkpoint = null;
        ClearingEngine? engine = null;
        foreach (var s in source.Snapshots(problems))
        {
            if (s.Position > _store.LastPosition)
            {
                problems.Add($"snapshot at journal position {s.Position}: beyond the journal's last record {_store.LastPosition}, ignored");
                // a snapshot is written only after its commands were acknowledged: the journal lost acknowledged records
                fence ??= $"a snapshot (its checksum holds) records the state after journal record {s.Position}, but the journal ends at record " +
                    $"{_store.LastPosition}: acknowledged records are missing. {StartsFenced(_store.LastPosition)}";
                continue;
            }

            if (s.Image is null)
            {
                checkpoint ??= s; // from before full snapshots: checked when the replay passes it
                continue;
            }

            if (TryRestore(s, out engine, out var problem))
            {
                restored = s;
                break;
            }

            problems.Add(problem);
        }

        _engine = engine ?? new ClearingEngine();
        _writer = new EventWriter(_engine.Ledger);
        Position = restored?.Position ?? 0;
        FirstEventSeq = _engine.Ledger.LastSeq + 1;
        bool checkpointChecked = false;
        long replayed = 0;
        // A dashboard sample costs a pass over every account (~5 ms at 10,000 accounts); taking one per mark, as live,
        // made a long replay quadratic in the population. During recovery take ~250, evenly spaced over the journal.
        long stride = Math.Max(1, (_store.LastPosition - Position) / 250), nextSample = Position + stride;
        lock (_state)
        {
            foreach (var record in source.Records(Position))
            {
                // No journaled command stops recovery: one that no longer parses or faults the engine fences the
                // service at its position (503, the reason on /health), the state being that of the records before it.
                try
                {
                    ExecuteOne(CommandParser.Parse(record.Line), record.Position, forSample: false, into: null);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _fault = $"recovery stopped at journal record {record.Position}: {(e is CommandFormatException ? "it no longer parses" : "applying it faulted")} ({e.Message}); "
                        + "the state is that of the records before it (and of part of it, if applying it faulted); no command is accepted: restore the journal from a standby or a backup, or start a build that applies it";
                    problems.Add(_fault);
                    break;
                }

                replayed++;
                if (record.Position >= nextSample)
                {
                    AddSample(record.Position);
                    nextSample = record.Position + stride;
                }

                if (checkpoint is not null && record.Position == checkpoint.Position)
                {
                    var hash = SocialLoss.Contract.StateHash.Compute(_engine.Ledger);
                    if (hash != checkpoint.StateHash)
                        problems.Add($"snapshot at position {checkpoint.Position}: state hash {checkpoint.StateHash} but the replay reached {hash} (engine changed since?)");
                    checkpointChecked = true;
                }
            }

            AddSample(Position);
            foreach (var r in source.Requests())
                _requests[r.RequestId] = r;
        }

        if (source.Failure is { } failure)
        {
            problems.Add(failure);
            fence ??= $"{failure}. {StartsFenced(Position)}";
        }

        if (fence is not null)
            _fault = $"storage damage found on start: {fence}";

        return new RecoveryInfo(replayed, restored?.Position ?? checkpoint?.Position, restored is not null || checkpointChecked, StateHash(), sw.Elapsed, problems,
            restored?.Position, Position);
    }

    private static string StartsFenced(long position) =>
        $"The service starts fenced (reads only, every write answered 503) on the state after record {position}: restore the database from a standby or a backup";

    /// <summary>
    /// An engine restored from a full snapshot, or false and why not: the image does not decode or does not make
    /// a possible state, or the restored state's hash or last sequence number is not what was recorded with it.
    /// </summary>
    private static bool TryRestore(Snapshot s, [NotNullWhen(true)] out ClearingEngine? engine, [NotNullWhen(false)] out string? problem)
    {
        engine = null;
        Ledger ledger;
        try
        {
            ledger = Ledger.FromImage(LedgerImageJson.Read(s.Image));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            problem = $"snapshot at journal position {s.Position}: image does not restore ({e.Message}), ignored";
            return false;
        }

        var hash = SocialLoss.Contract.StateHash.Compute(ledger);
        if (hash != s.StateHash || ledger.LastSeq != s.LastSeq)
        {
            problem = $"snapshot at journal position {s.Position}: restored state hash {hash} at seq {ledger.LastSeq}, but {s.StateHash} at seq {s.LastSeq} was recorded, ignored";
            return false;
        }

        problem = null;
        engine = new ClearingEngine(ledger);
        return true;
    }

    /// <summary>
    /// Journal stage: takes what is queued, appends it in one transaction, and hands the committed batch to the
    /// execution stage. While the engine executes one batch the next one is already being committed, so the
    /// commit's wait for the disk overlaps the engine's work instead of adding to it; the order is the journal's.
    /// </summary>
    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var batch = new List<Pending>();
                int commands = 0;
                while (commands < _maxBatchCommands && reader.TryRead(out var p))
                {
                    batch.Add(p);
                    commands += p.Lines.Count;
                }

                if (_fault is { } fault)
                {
                    foreach (var p in batch)
                        p.Done.TrySetException(new ServiceFaultedException(fault));
                    continue;
                }

                if (Journal(batch) is { } committed)
                    await _committed.Writer.WriteAsync(committed).ConfigureAwait(false);
            }
        }
        finally
        {
            _committed.Writer.TryComplete();
        }
    }

    /// <summary>Execution stage: executes committed batches in journal order and answers their requests.</summary>
    private async Task ExecuteLoopAsync()
    {
        await foreach (var committed in _committed.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_fault is { } fault)
            {
                Fail(committed.Requests, new ServiceFaultedException(fault));
                continue;
            }

            try
            {
                Execute(committed);
            }
            catch (Exception e)
            {
                _fault = $"engine fault: {e.Message}";
                Fail(committed.Requests, new ServiceFaultedException(_fault));
            }
        }
    }

    private void Fail(List<Pending> requests, Exception e)
    {
        lock (_requestsGate)
        {
            foreach (var p in requests)
                if (p.RequestId is { } id)
                    _inFlight.Remove(id);
        }

        foreach (var p in requests)
            p.Done.TrySetException(e);
    }

    /// <summary>
    /// Appends the batch's new requests to the journal; answers repeats of executed requests from their first
    /// answer and ties repeats of requests still in the pipeline to those. Null when nothing is left to execute.
    /// </summary>
    private CommittedBatch? Journal(List<Pending> batch)
    {
        var toAppend = new List<Pending>(batch.Count);
        var known = new List<(Pending Request, RequestEntry Entry)>();
        lock (_requestsGate)
        {
            foreach (var p in batch)
            {
                if (p.RequestId is { } id)
                {
                    if (_requests.TryGetValue(id, out var entry))
                    {
                        known.Add((p, entry));
                        continue;
                    }

                    if (_inFlight.TryGetValue(id, out var original))
                    {
                        AnswerWith(p, original);
                        continue;
                    }

                    _inFlight[id] = p;
                }

                toAppend.Add(p);
            }
        }

        foreach (var (p, entry) in known)
            AnswerRepeat(p, entry);

        if (toAppend.Count == 0)
            return null;
        IReadOnlyList<long> firsts;
        var sw = Stopwatch.StartNew();
        try
        {
            firsts = _store.Append([.. toAppend.Select(p => new AppendRequest(p.Lines, p.RequestId, p.BodyHash))]);
        }
        catch (StorageException e)
        {
            Interlocked.Increment(ref Metrics.CommitFailures);
            Fence($"journal commit failed ({e.Message})");
            Fail(toAppend, e);
            return null;
        }

        Metrics.ObserveCommit(sw.Elapsed);
        Interlocked.Increment(ref Metrics.Commits);
        return new CommittedBatch(toAppend, firsts);
    }

    /// <summary>A repeat of a request still in the pipeline gets that request's answer (or its error) once there is one.</summary>
    private static void AnswerWith(Pending repeat, Pending original) =>
        original.Done.Task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                if (repeat.BodyHash != original.BodyHash)
                    repeat.Done.TrySetException(new IdempotencyConflictException("this Idempotency-Key was used with a different body"));
                else
                    repeat.Done.TrySetResult(t.Result with { Replayed = true });
            }
            else
            {
                repeat.Done.TrySetException(t.Exception?.InnerException ?? new ServiceFaultedException("the first request with this Idempotency-Key failed"));
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void Execute(CommittedBatch committed)
    {
        var (toAppend, firsts) = committed;
        var results = new SubmitResult[toAppend.Count];
        long last;
        lock (_state)
        {
            for (int i = 0; i < toAppend.Count; i++)
            {
                var p = toAppend[i];
                long first = firsts[i];
                // the request's events go straight into its answer's list: no list per command, no copy for the feed
                var produced = new List<StoredEvent>(p.Commands.Count * 2);
                for (int j = 0; j < p.Commands.Count; j++)
                    ExecuteOne(p.Commands[j], first + j, forSample: true, produced);
                results[i] = new SubmitResult(first, first + p.Commands.Count - 1, produced, Replayed: false);
            }

            last = Position;
            AddSample(last);
        }

        lock (_requestsGate)
        {
            foreach (var (p, r) in toAppend.Zip(results))
            {
                if (p.RequestId is { } id)
                {
                    _requests[id] = new RequestEntry(id, p.BodyHash, r.First, r.Last);
                    _inFlight.Remove(id);
                }
            }
        }

        for (int i = 0; i < toAppend.Count; i++)
            toAppend[i].Done.TrySetResult(results[i]);

        Publish(results);
        long before = last - CommandsIn(toAppend);
        if (last / _snapshotEvery != before / _snapshotEvery)
            TrySnapshot();
    }

    private static long CommandsIn(List<Pending> requests)
    {
        long n = 0;
        foreach (var p in requests)
            n += p.Commands.Count;
        return n;
    }

    /// <summary>
    /// Writes a full snapshot of the state now. Runs on the writer loop, the only thread that changes the ledger,
    /// so the ledger is read without the state lock and reads go on meanwhile.
    /// </summary>
    private void TrySnapshot()
    {
        var ledger = _engine.Ledger;
        var s = new Snapshot(Position, SocialLoss.Contract.StateHash.Compute(ledger), ledger.LastSeq, LedgerImageJson.Write(ledger.Capture()));
        try
        {
            _store.SaveSnapshot(s);
            Interlocked.Increment(ref Metrics.Snapshots);
        }
        catch (StorageException e)
        {
            // Nothing acknowledged is lost (every command is journaled already), but the write failed the way a
            // journal commit can: the file's state is unknown, so fence as for a failed commit.
            Fence($"snapshot write failed ({e.Message})");
        }
    }

    /// <summary>Stops the service taking commands until restart; the first reason stays.</summary>
    private void Fence(string reason) =>
        Interlocked.CompareExchange(ref _fault, $"{reason}; the database file's state is unknown after a failed write, so no command is accepted until the service restarts and recovers from what is durable", null);

    private void AnswerRepeat(Pending p, RequestEntry entry)
    {
        if (entry.BodyHash != p.BodyHash)
        {
            p.Done.TrySetException(new IdempotencyConflictException("this Idempotency-Key was used with a different body"));
            return;
        }

        var events = new List<StoredEvent>();
        lock (_state)
        {
            foreach (var e in _events)
                if (e.Cmd >= entry.First && e.Cmd <= entry.Last)
                    events.Add(e);
        }

        p.Done.TrySetResult(new SubmitResult(entry.First, entry.Last, events, Replayed: true));
    }

    /// <summary>
    /// Drops the oldest events beyond <c>keepEvents</c>. Done in chunks of half the window, so the list's copy costs
    /// two moves per event whatever the window (called under the state lock, as every change of the list is).
    /// </summary>
    private void DropOldestEvents()
    {
        int drop = _events.Count - _keepEvents;
        _events.RemoveRange(0, drop);
        FirstEventSeq += drop;
    }

    /// <summary>Executes one journaled command; its events are kept and, when <paramref name="into"/> is given, added to it.</summary>
    private void ExecuteOne(Command command, long position, bool forSample, List<StoredEvent>? into)
    {
        var produced = _engine.Execute(command, checked((int)position));
        Position = position;
        bool sample = command is MarkCommand;
        foreach (var e in produced)
        {
            var accounts = AccountsOf(e, command);
            _eventLine.ResetWrittenCount();
            _writer.WriteLine(e, _eventLine);
            var s = new StoredEvent(e.Seq, e.Cmd, EventWriter.TypeName(e), _eventLine.WrittenSpan[..^1].ToArray(), accounts);
            _events.Add(s);
            into?.Add(s);
            if (_events.Count >= _keepEvents + Math.Max(1, _keepEvents / 2))
                DropOldestEvents();
            switch (e)
            {
                case Liquidated:
                    Metrics.Liquidations++;
                    break;
                case Deleveraged:
                    Metrics.AdlFills++;
                    break;
                case ClawedBack:
                    Metrics.Clawbacks++;
                    break;
                case Rejected:
                    Metrics.Rejected++;
                    break;
                case InsuranceFundChanged or DeficitChanged:
                    sample = true;
                    break;
            }
        }

        Metrics.Events += produced.Count;
        Metrics.Commands++;
        if (forSample && sample)
            AddSample(position);
    }

    private void Publish(SubmitResult[] results)
    {
        lock (_subscribersGate)
        {
            foreach (var s in _subscribers)
                foreach (var r in results)
                    foreach (var e in r.Events)
                        s.Writer.TryWrite(e);
        }
    }

    private void AddSample(long position)
    {
        var ledger = _engine.Ledger;
        var markets = new SortedDictionary<string, MarketPoint>(StringComparer.Ordinal);
        foreach (var (name, m) in ledger.Markets)
            markets[name] = new MarketPoint(m.Mark is { } mk ? m.Spec.Format(mk) : null, m.Spec.Format(m.OpenInterest));
        if (_history.Count > 0 && _history[^1].Position == position)
            _history.RemoveAt(_history.Count - 1);
        _history.Add(new HistorySample(position, DateTimeOffset.UtcNow, ledger.Insurance.Balance.ToString(), ledger.Deficit.ToString(), markets));
        if (_history.Count > 4000)
        {
            // thin out: keep every other point of the older half
            var keep = new List<HistorySample>(3000);
            for (int i = 0; i < _history.Count; i++)
                if (i >= 2000 || i % 2 == 0)
                    keep.Add(_history[i]);
            _history.Clear();
            _history.AddRange(keep);
        }
    }

    /// <summary>The accounts an event concerns (for account keys): every account it names, and for a rejection the accounts of the command.</summary>
    public static string[] AccountsOf(EngineEvent e, Command command) => e switch
    {
        Deposited d => [d.Account.Value],
        Withdrawn w => [w.Account.Value],
        Traded t => [t.Buyer.Value, t.Seller.Value],
        Funded f => [f.Account.Value],
        InsuranceFundChanged { Account: { } a } => [a.Value],
        Liquidated l => [l.Account.Value],
        ClosedOut c => [c.Account.Value, c.Counterparty.Value],
        Deleveraged dl => [dl.Account.Value, dl.Counterparty.Value],
        BadDebt b => [b.Account.Value],
        ClawedBack cb => [cb.Account.Value, cb.Bankrupt.Value],
        DeficitChanged dc => [dc.Account.Value],
        MemberContributed mc => [mc.Account.Value],
        Defaulted df => [df.Account.Value],
        DefaultFundUsed { Contributor: { } c } du => [c.Value, du.Bankrupt.Value],
        DefaultFundUsed du => [du.Bankrupt.Value],
        BackstopSet bs => [bs.Account.Value],
        Rejected => command switch
        {
            DepositCommand c => [c.Account.Value],
            WithdrawCommand c => [c.Account.Value],
            TradeCommand c => [c.Buyer.Value, c.Seller.Value],
            BackstopCommand c => [c.Account.Value],
            MemberCommand c => [c.Account.Value],
            DefaultCommand c => [c.Account.Value],
            _ => [],
        },
        _ => [],
    };

    /// <summary>Stops taking commands, lets the writer loop finish what is queued, and closes nothing else (the store is the caller's).</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(10));
        _executor.Wait(TimeSpan.FromSeconds(10));
        lock (_subscribersGate)
        {
            foreach (var s in _subscribers)
                s.Writer.TryComplete();
        }
    }
}

/// <summary>What recovery did on start.</summary>
/// <param name="Replayed">Journal records executed: those after the restored snapshot, or all of them.</param>
/// <param name="SnapshotPosition">The snapshot restored from, or else the checkpoint checked on the way (null: none).</param>
/// <param name="SnapshotChecked">True when that snapshot's state hash was verified (restored to it, or replayed through it).</param>
/// <param name="StateHash">The state hash after recovery.</param>
/// <param name="Elapsed">How long recovery took.</param>
/// <param name="Problems">What was wrong: a cut journal, snapshots skipped (checksum, image, hash) or a checkpoint that did not match.</param>
/// <param name="RestoredFrom">Journal position of the full snapshot the state was restored from; null after a replay of the whole journal.</param>
/// <param name="Position">The journal position reached: every command up to it is in the state.</param>
public sealed record RecoveryInfo(long Replayed, long? SnapshotPosition, bool SnapshotChecked, string StateHash, TimeSpan Elapsed, IReadOnlyList<string> Problems,
    long? RestoredFrom = null, long Position = 0);

/// <summary>A live event feed from <see cref="ClearingService.Subscribe"/>.</summary>
public sealed class Subscription(ChannelReader<StoredEvent> reader, Action unsubscribe) : IDisposable
{
    /// <summary>The events, as they are produced.</summary>
    public ChannelReader<StoredEvent> Reader { get; } = reader;

    /// <summary>Stops the feed.</summary>
    public void Dispose() => unsubscribe();
}
