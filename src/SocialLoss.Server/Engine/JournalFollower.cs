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
/// and state hash).
/// </summary>
public sealed class JournalFollower(IClearingStore store, IReadOnlyList<IReadModel> models, EventWindow window, DashboardHistory history)
{
    /// <summary>Restores the newest good snapshot (or a new engine) and replays the journal after it.</summary>
    public (ClearingReplica Replica, RecoveryInfo Info) Recover()
    {
        var sw = Stopwatch.StartNew();
        var problems = new List<string>();
        if (store.Recovery.Problem is { } p)
            problems.Add(p);
        Snapshot? restored = null, checkpoint = null;
        ClearingEngine? engine = null;
        foreach (var s in store.Snapshots(problems))
        {
            if (s.Position > store.LastPosition)
            {
                problems.Add($"snapshot at journal position {s.Position}: beyond the journal's last record {store.LastPosition}, ignored");
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
        long replayed = CatchUp(replica, stride, position =>
        {
            if (checkpoint is null || position != checkpoint.Position)
                return;
            var hash = SocialLoss.Contract.StateHash.Compute(replica.Engine.Ledger);
            if (hash != checkpoint.StateHash)
                problems.Add($"snapshot at position {checkpoint.Position}: state hash {checkpoint.StateHash} but the replay reached {hash} (engine changed since?)");
            checkpointChecked = true;
        });
        lock (replica.State)
            history.Sample(replica.Position, replica.Engine.Ledger);
        return (replica, new RecoveryInfo(replayed, restored?.Position ?? checkpoint?.Position, restored is not null || checkpointChecked, replica.StateHash(),
            sw.Elapsed, problems, restored?.Position, replica.Position));
    }

    /// <summary>
    /// Applies every journal record after the replica's position, sampling the dashboard every <paramref name="sampleEvery"/>
    /// records; returns how many were applied. Throws when a journaled record no longer parses (the engine would reach a
    /// different state, so it must not go on).
    /// </summary>
    public long CatchUp(ClearingReplica replica, long sampleEvery = 1000, Action<long>? applied = null)
    {
        long count = 0, nextSample = replica.Position + sampleEvery;
        lock (replica.State)
        {
            foreach (var record in store.Read(replica.Position))
            {
                Command command;
                try
                {
                    command = CommandParser.Parse(record.Line);
                }
                catch (CommandFormatException e)
                {
                    throw new InvalidOperationException($"journal record {record.Position} no longer parses ({e.Message}); refusing to start with a different state", e);
                }

                replica.Apply(command, record.Position, live: false, into: null);
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
