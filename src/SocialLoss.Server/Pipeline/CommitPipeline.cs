using System.Diagnostics;
using System.Threading.Channels;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>
/// The write path. Requests queue up; the journal stage takes what is queued and appends it in one transaction (group
/// commit); only after the commit is durable does the execution stage apply the commands in journal order and answer
/// each request with its events. The stages run on one thread each, so batch N executes while batch N+1 is committed.
/// A failed commit answers every request of its batch with <see cref="SubmitError.NotJournaled"/>, executes nothing and
/// fences the pipeline: after a failed commit or fsync the database's state is unknown (PostgreSQL's 2018 "fsyncgate": a
/// retried fsync can report success for writes the kernel already dropped), so every later request is refused until a
/// restart recovers from what is durable. Every <c>snapshotEvery</c> commands a full, checksummed snapshot is written.
/// </summary>
public sealed class CommitPipeline : IDisposable
{
    private readonly IClearingStore _store;
    private readonly ClearingReplica _replica;
    private readonly IdempotencyIndex _requests = new();
    private readonly ServiceMetrics _metrics;
    private readonly EventWindow _window;
    private readonly DashboardHistory _history;
    private readonly int _snapshotEvery;
    private readonly int _maxBatchCommands;
    private readonly Channel<PendingRequest> _queue = Channel.CreateUnbounded<PendingRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<CommittedBatch> _committed = Channel.CreateBounded<CommittedBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
    private readonly Task _journalStage;
    private readonly Task _executeStage;
    private volatile string? _fault;

    private sealed record CommittedBatch(List<PendingRequest> Requests, IReadOnlyList<long> Firsts);

    /// <summary>
    /// Starts both stages on the recovered replica (at the journal's end), knowing its executed requests; fenced from the
    /// start when recovery says so.
    /// </summary>
    public CommitPipeline(IClearingStore store, Recovered recovered, ServiceMetrics metrics, EventWindow window, DashboardHistory history,
        int snapshotEvery, int maxBatchCommands)
    {
        _store = store;
        _replica = recovered.Replica;
        _fault = recovered.Fence;
        _metrics = metrics;
        _window = window;
        _history = history;
        _snapshotEvery = Math.Max(1, snapshotEvery);
        _maxBatchCommands = Math.Max(1, maxBatchCommands);
        _requests.Load(recovered.Requests);
        _executeStage = Task.Run(ExecuteStageAsync);
        _journalStage = Task.Run(JournalStageAsync);
    }

    /// <summary>Why the pipeline stopped accepting commands, or null while healthy. Once set it stays set until restart.</summary>
    public string? Fault => _fault;

    /// <summary>
    /// Queues one request (its command lines and their parsed commands); the outcome comes once they are durable and
    /// executed, or refused. With <paramref name="requestId"/> a repeat of the same request gets the first answer (its
    /// positions, and those of its events still held).
    /// </summary>
    public Task<SubmitOutcome> SubmitAsync(IReadOnlyList<string> lines, IReadOnlyList<Command> commands, string? requestId, string bodyHash)
    {
        if (_fault is { } f)
            return Task.FromResult(SubmitOutcome.Fail(SubmitError.Faulted, f));
        var p = new PendingRequest(lines, commands, requestId, bodyHash);
        return _queue.Writer.TryWrite(p) ? p.Done.Task : Task.FromResult(SubmitOutcome.Fail(SubmitError.Faulted, "the service is shutting down"));
    }

    /// <summary>Stops the pipeline taking commands with exactly <paramref name="fault"/> (unless already stopped).</summary>
    public void Stop(string fault) => Interlocked.CompareExchange(ref _fault, fault, null);

    /// <summary>Learns requests executed elsewhere (a standby applying the leader's journal), so a retry after a failover gets the first answer.</summary>
    public void Learn(IReadOnlyList<RequestEntry> requests) => _requests.Load(requests);

    /// <summary>Stops the pipeline taking commands until restart; the first reason stays.</summary>
    public void Fence(string reason) =>
        Interlocked.CompareExchange(ref _fault, $"{reason}; the database file's state is unknown after a failed write, so no command is accepted until the service restarts and recovers from what is durable", null);

    private async Task JournalStageAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var batch = new List<PendingRequest>();
                int commands = 0;
                while (commands < _maxBatchCommands && reader.TryRead(out var p))
                {
                    batch.Add(p);
                    commands += p.Lines.Count;
                }

                if (_fault is { } fault)
                    Fail(batch, SubmitError.Faulted, fault, forget: false);
                else if (Journal(batch) is { } committed)
                    await _committed.Writer.WriteAsync(committed).ConfigureAwait(false);
            }
        }
        finally
        {
            _committed.Writer.TryComplete();
        }
    }

    private async Task ExecuteStageAsync()
    {
        await foreach (var committed in _committed.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_fault is { } fault)
            {
                Fail(committed.Requests, SubmitError.Faulted, fault, forget: true);
                continue;
            }

            try
            {
                Execute(committed);
            }
            catch (Exception e)
            {
                _fault = $"engine fault: {e.Message}";
                Fail(committed.Requests, SubmitError.Faulted, _fault, forget: true);
            }
        }
    }

    private void Fail(List<PendingRequest> requests, SubmitError error, string message, bool forget)
    {
        if (forget)
            _requests.Forget(requests);
        foreach (var p in requests)
            p.Done.TrySetResult(SubmitOutcome.Fail(error, message));
    }

    /// <summary>Appends the batch's new requests to the journal in one transaction; null when nothing is left to execute.</summary>
    private CommittedBatch? Journal(List<PendingRequest> batch)
    {
        var fresh = _requests.Admit(batch, AnswerRepeat);
        if (fresh.Count == 0)
            return null;
        var sw = Stopwatch.StartNew();
        IReadOnlyList<long> firsts;
        try
        {
            firsts = _store.Append([.. fresh.Select(p => new AppendRequest(p.Lines, p.RequestId, p.BodyHash))]);
        }
        catch (StorageException e)
        {
            _metrics.CommitFailed();
            Fence($"journal commit failed ({e.Message})");
            Fail(fresh, SubmitError.NotJournaled, e.Message, forget: true);
            return null;
        }

        _metrics.Committed(sw.Elapsed);
        return new CommittedBatch(fresh, firsts);
    }

    private SubmitOutcome AnswerRepeat(PendingRequest p, RequestEntry entry) =>
        SubmitOutcome.Ok(new SubmitResult(entry.First, entry.Last, _window.OfCommands(entry.First, entry.Last), Replayed: true));

    private void Execute(CommittedBatch committed)
    {
        var (requests, firsts) = committed;
        var results = new (PendingRequest Request, SubmitResult Result)[requests.Count];
        long before = _replica.Position, last;
        lock (_replica.State)
        {
            for (int i = 0; i < requests.Count; i++)
            {
                var p = requests[i];
                long first = firsts[i];
                // the request's events go straight into its answer's list: no list per command, no copy for the feed
                var produced = new List<StoredEvent>(p.Commands.Count * 2);
                for (int j = 0; j < p.Commands.Count; j++)
                    _replica.Apply(p.Commands[j], first + j, live: true, produced);
                results[i] = (p, new SubmitResult(first, first + p.Commands.Count - 1, produced, Replayed: false));
            }

            last = _replica.Position;
            _history.Sample(last, _replica.Engine.Ledger);
        }

        _requests.Complete(results);
        foreach (var (p, r) in results)
            p.Done.TrySetResult(SubmitOutcome.Ok(r));
        if (last / _snapshotEvery != before / _snapshotEvery)
            TrySnapshot();
    }

    /// <summary>
    /// Writes a full snapshot of the state now. Runs on the execution stage, the only thread that changes the ledger, so
    /// the ledger is read without the state lock and reads go on meanwhile.
    /// </summary>
    private void TrySnapshot()
    {
        var ledger = _replica.Engine.Ledger;
        var s = new Snapshot(_replica.Position, StateHash.Compute(ledger), ledger.LastSeq, LedgerImageJson.Write(ledger.Capture()));
        try
        {
            _store.SaveSnapshot(s);
            _metrics.SnapshotWritten();
        }
        catch (StorageException e)
        {
            // Nothing acknowledged is lost (every command is journaled already), but the write failed the way a journal
            // commit can: the file's state is unknown, so fence as for a failed commit.
            Fence($"snapshot write failed ({e.Message})");
        }
    }

    /// <summary>Stops taking commands and lets both stages finish what is queued (the store is the caller's).</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _journalStage.Wait(TimeSpan.FromSeconds(10));
        _executeStage.Wait(TimeSpan.FromSeconds(10));
    }
}
