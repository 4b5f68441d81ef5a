namespace SocialLoss.Storage;

/// <summary>
/// Durable storage of a clearing service: the append-only command journal, idempotency records, snapshots
/// and API keys. Implementations promise the same semantics, so the service cannot tell them apart:
/// journal positions are dense and 1-based; <see cref="Append"/> writes a whole batch in one transaction
/// and returns only once it is durable (or throws <see cref="StorageException"/> having acknowledged
/// nothing), and records what it acknowledged independently of the journal (<see cref="AcknowledgedWatermark"/>, or
/// PostgreSQL's <c>acknowledged</c> row); every record carries a CRC-32C (<see cref="Checksum"/>) checked on read;
/// opening verifies the journal against that record: a torn tail beyond it is cut, damage that reaches acknowledged
/// records is kept and the store opens fenced, refusing appends (<see cref="Recovery"/>).
/// </summary>
public interface IClearingStore : IDisposable
{
    /// <summary>What opening found: clean, a torn tail cut, or damage that fences the store (where, and what to do).</summary>
    RecoveryReport Recovery { get; }

    /// <summary>Position of the last durable journal record (0 when empty).</summary>
    long LastPosition { get; }

    /// <summary>
    /// Appends the requests' lines in one transaction (group commit) and returns the first position of each
    /// request, once the commit is durable. Throws <see cref="StorageException"/> when the commit fails; then
    /// nothing was written.
    /// </summary>
    IReadOnlyList<long> Append(IReadOnlyList<AppendRequest> requests);

    /// <summary>The journal records after <paramref name="after"/>, in order, checksums verified.</summary>
    IEnumerable<JournalRecord> Read(long after = 0);

    /// <summary>Every idempotency record.</summary>
    IReadOnlyList<RequestEntry> Requests();

    /// <summary>Stores a snapshot (checksummed), replacing one at the same position.</summary>
    void SaveSnapshot(Snapshot s);

    /// <summary>
    /// The snapshots whose checksum holds, newest first, read one at a time (an image can be large and recovery
    /// usually needs only the first); each one that fails its checksum is skipped and named in
    /// <paramref name="problems"/>. Recovery falls back through them to an older one.
    /// </summary>
    IEnumerable<Snapshot> Snapshots(ICollection<string> problems);

    /// <summary>Stores an API key by its hash.</summary>
    void AddKey(ApiKeyRecord key);

    /// <summary>Every stored API key (hashes only: the keys themselves are never stored).</summary>
    IReadOnlyList<ApiKeyRecord> Keys();

    /// <summary>The key with this hash, or null.</summary>
    ApiKeyRecord? FindKey(string hash);
}
