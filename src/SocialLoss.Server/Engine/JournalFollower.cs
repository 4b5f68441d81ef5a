using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>
/// Brings a replica to the journal's end. <see cref="Recover"/> restores the newest snapshot that checks out (checksum,
/// image, state hash) and replays the journal after it; <see cref="CatchUp"/> applies whatever was appended since, which
/// is all a hot standby tailing a replicated journal needs to do (the same commands in the same order give the same events
/// and state hash). Reads go through <see cref="RecoverySource"/>: up to the store's last good record, a failing read ends them.
/// </summary>
public sealed class JournalFollower(IClearingStore store, IReadOnlyList<IReadModel> models, EventWindow window, DashboardHistory history)
{
    /// <summary>
    /// Restores the newest good snapshot (or a new engine) and replays the journal after it. Storage damage that reaches
    /// acknowledged commands (the store says so, a snapshot beyond the journal's end, a read failing part way) does not stop
    /// recovery: it starts on what is good and says why the service must take no writes (<see cref="Recovered.Fence"/>).
    /// </summary>
    public Recovered Recover()
    {
        var sw = Stopwatch.StartNew();
        var problems = new List<string>();
        if (store.Recovery.Problem is { } p)
            problems.Add(p);
        string? fence = store.Recovery.Fenced ? store.Recovery.Problem : null;
        var source = new RecoverySource(store);
        Snapshot? restored = null, checkpoint = null;
        ClearingEngine? engine = null;
        foreach (var s in source.Snapshots(problems))
        {
            if (s.Position > store.LastPosition)
            {
                problems.Add($"snapshot at journal position {s.Position}: beyond the journal's last record {store.LastPosition}, ignored");
                // a snapshot is written only after its commands were acknowledged: the journal lost acknowledged records
                fence ??= $"a snapshot (its checksum holds) records the state after journal record {s.Position}, but the journal ends at record " +
                    $"{store.LastPosition}: acknowledged records are missing. {StartsFenced(store.LastPosition)}";
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

        engine ??= new ClearingEngine();
        window.StartAfter(engine.Ledger.LastSeq);
        var replica = new ClearingReplica(engine, restored?.Position ?? 0, models);
        // A dashboard sample costs a pass over the markets; taking one per mark, as live, made a long replay quadratic in
        // the population. During recovery take ~250, evenly spaced over the journal.
        long stride = Math.Max(1, (store.LastPosition - replica.Position) / 250);
        bool checkpointChecked = false;
        long replayed = Apply(replica, source.Records(replica.Position), stride, position =>
        {
            if (checkpoint is null || position != checkpoint.Position)
                return;
            var hash = SocialLoss.Contract.StateHash.Compute(replica.Engine.Ledger);
            if (hash != checkpoint.StateHash)
                problems.Add($"snapshot at position {checkpoint.Position}: state hash {checkpoint.StateHash} but the replay reached {hash} (engine changed since?)");
            checkpointChecked = true;
        }, out var stopped);
        if (stopped is not null)
            problems.Add(stopped);
        replica.Engine.Prepare(); // a restore with nothing replayed after it: the indexes now, not on the first request

        lock (replica.State)
            history.Sample(replica.Position, replica.Engine.Ledger);
        var requests = source.Requests();
        if (source.Failure is { } failure)
        {
            problems.Add(failure);
            fence ??= $"{failure}. {StartsFenced(replica.Position)}";
        }

        var info = new RecoveryInfo(replayed, restored?.Position ?? checkpoint?.Position, restored is not null || checkpointChecked, replica.StateHash(),
            sw.Elapsed, problems, restored?.Position, replica.Position);
        // a journaled command that stopped the replay is not storage damage, but fences the same way
        return new Recovered(replica, info, fence is null ? stopped : $"storage damage found on start: {fence}", requests);
    }

    /// <summary>
    /// Applies every journal record after the replica's position (a hot standby tailing a replicated journal calls this
    /// again and again); returns how many were applied and, when a read failed part way, what failed.
    /// </summary>
    public (long Applied, string? Failure) CatchUp(ClearingReplica replica, long sampleEvery = 1000)
    {
        var source = new RecoverySource(store);
        long applied = Apply(replica, source.Records(replica.Position), sampleEvery, null, out var stopped);
        return (applied, stopped ?? source.Failure);
    }

    /// <summary>
    /// Applies <paramref name="records"/> in order through the shared <see cref="Replayer"/> (one parser, one reading of a
    /// line, as <c>replay</c>), sampling the dashboard every <paramref name="sampleEvery"/> records. No journaled command
    /// stops the process: one that no longer parses or faults the engine ends the apply at its position and
    /// <paramref name="stopped"/> says why (the caller fences), the state being that of the records before it.
    /// </summary>
    private long Apply(ClearingReplica replica, IEnumerable<JournalRecord> records, long sampleEvery, Action<long>? applied, out string? stopped)
    {
        long count = 0, nextSample = replica.Position + sampleEvery;
        stopped = null;
        var replayer = new Replayer(replica.Engine, (command, position) =>
        {
            replica.Apply(command, position, live: false, into: null);
            return [];
        });
        lock (replica.State)
        {
            foreach (var record in records)
            {
                try
                {
                    replayer.Apply(record.Line, record.Position);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    stopped = $"recovery stopped at journal record {record.Position}: {(e is CommandFormatException ? "it no longer parses" : "applying it faulted")} ({e.Message}); "
                        + "the state is that of the records before it (and of part of it, if applying it faulted); no command is accepted: restore the journal from a standby or a backup, or start a build that applies it";
                    break;
                }

                count++;
                if (record.Position >= nextSample)
                {
                    history.Sample(record.Position, replica.Engine.Ledger);
                    nextSample = record.Position + sampleEvery;
                }

                applied?.Invoke(record.Position);
            }
        }

        return count;
    }

    private static string StartsFenced(long position) =>
        $"The service starts fenced (reads only, every write answered 503) on the state after record {position}: restore the database from a standby or a backup";

    /// <summary>
    /// An engine restored from a full snapshot, or false and why not: the image does not decode or does not make a possible
    /// state, or the restored state's hash or last sequence number is not what was recorded with it.
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
}
