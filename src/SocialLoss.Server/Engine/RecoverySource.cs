using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>
/// The store as recovery reads it. The journal is read only up to the store's last good record (a fenced store's
/// journal goes on after damage it keeps), and a read that fails part way (SQLite reporting a malformed page, a lost
/// connection) ends the records instead of escaping as an exception: <see cref="Failure"/> says what failed, and the
/// service starts fenced on the state reached so far rather than not at all.
/// </summary>
internal sealed class RecoverySource(IClearingStore store)
{
    /// <summary>What failed while reading the journal or the idempotency records, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>The journal records after <paramref name="after"/> up to the store's last good record.</summary>
    public IEnumerable<JournalRecord> Records(long after)
    {
        using var records = Guard(() => store.Read(after).GetEnumerator());
        while (records is not null && Guard(() => records.MoveNext() && records.Current.Position <= store.LastPosition))
            yield return records.Current;
    }

    /// <summary>The snapshots, newest first; when they cannot be read at all, none (the journal alone gives the state) and why in <paramref name="problems"/>.</summary>
    public IEnumerable<Snapshot> Snapshots(ICollection<string> problems)
    {
        IEnumerator<Snapshot>? snapshots;
        try
        {
            snapshots = store.Snapshots(problems).GetEnumerator();
        }
        catch (StorageException e)
        {
            problems.Add($"{e.Message}; the snapshots are not used");
            yield break;
        }

        using (snapshots)
        {
            while (true)
            {
                try
                {
                    if (!snapshots.MoveNext())
                        break;
                }
                catch (StorageException e)
                {
                    problems.Add($"{e.Message}; the older snapshots are not used");
                    break;
                }

                yield return snapshots.Current;
            }
        }
    }

    /// <summary>The idempotency records, or none when they cannot be read (<see cref="Failure"/>).</summary>
    public IReadOnlyList<RequestEntry> Requests() => Guard(store.Requests) ?? [];

    private T? Guard<T>(Func<T> read)
    {
        if (Failure is not null)
            return default;
        try
        {
            return read();
        }
        catch (StorageException e)
        {
            Failure = e.Message;
            return default;
        }
    }
}
