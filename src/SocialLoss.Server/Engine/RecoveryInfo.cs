namespace SocialLoss.Server;

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
    long? RestoredFrom = null, long Position = 0)
{
    /// <summary>One line for the log: how many commands came back from <paramref name="store"/>, how, and the state hash.</summary>
    public string Describe(string store) =>
        $"recovered {Position} command(s) from {store} in {Elapsed.TotalMilliseconds:F0} ms"
        + (RestoredFrom is { } from ? $" (snapshot at {from} restored, {Replayed} replayed after it)"
            : $" (replayed {Replayed}" + (SnapshotChecked ? $", checkpoint at {SnapshotPosition} verified)" : ")"))
        + $"; state hash {StateHash}";
}
