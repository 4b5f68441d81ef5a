namespace SocialLoss.Storage;

/// <summary>
/// How every store hands out its snapshots: newest first, one image in memory at a time (an image can be large and
/// recovery usually needs only the first), each checked against its CRC-32C before it is returned.
/// </summary>
internal static class SnapshotShelf
{
    /// <summary>
    /// Reads the snapshots at <paramref name="positions"/> (newest first) through <paramref name="read"/>, which gives
    /// a snapshot and its stored checksum, or null when it was pruned meanwhile; a snapshot whose checksum fails is
    /// skipped and named in <paramref name="problems"/>.
    /// </summary>
    public static IEnumerable<Snapshot> Checked(IReadOnlyList<long> positions, Func<long, (Snapshot Snapshot, uint Crc)?> read, ICollection<string> problems)
    {
        foreach (var pos in positions)
        {
            if (read(pos) is not { } found)
                continue; // deleted by a newer snapshot's pruning
            var (s, crc) = found;
            if (crc == Checksum.OfSnapshot(s))
                yield return s;
            else
                problems.Add($"snapshot at journal position {s.Position}: checksum mismatch, ignored");
        }
    }
}
