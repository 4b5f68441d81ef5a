namespace SocialLoss.Storage;

/// <summary>One journaled command: its 1-based position in the journal and its JSON line (contract v1).</summary>
public sealed record JournalRecord(long Position, string Line);

/// <summary>
/// One client request to append: its command lines, and optionally an idempotency id (scoped by the caller)
/// with a hash of the request body, so a retry is recognised and answered from the first attempt.
/// </summary>
public sealed record AppendRequest(IReadOnlyList<string> Lines, string? RequestId = null, string? BodyHash = null);

/// <summary>Where an idempotent request landed in the journal: positions <see cref="First"/> to <see cref="Last"/>, inclusive.</summary>
public sealed record RequestEntry(string RequestId, string BodyHash, long First, long Last);

/// <summary>
/// A snapshot of the engine after journal record <paramref name="Position"/>: the state hash there, the last
/// event sequence number and, for a full snapshot, the <paramref name="Image"/> of the complete state (the
/// serialized ledger image), from which recovery restores the engine and replays only the journal after
/// <paramref name="Position"/>. Without an image it is a checkpoint: recovery replays the journal and checks
/// the hash when it passes the position. The stored checksum covers every field, the image included.
/// </summary>
/// <param name="Position">The last journal record the snapshot includes.</param>
/// <param name="StateHash">The state hash after that record.</param>
/// <param name="LastSeq">The last event sequence number after that record.</param>
/// <param name="Image">The serialized state, or null for a checkpoint.</param>
public sealed record Snapshot(long Position, string StateHash, long LastSeq, byte[]? Image = null);

/// <summary>An API key as stored: SHA-256 of the key (hex), its role (<c>operator</c> or <c>account</c>) and, for an account key, the account.</summary>
public sealed record ApiKeyRecord(string Hash, string Role, string? Account);

/// <summary>
/// What opening the store found: the last good journal position, and when something was wrong what it was: a torn
/// tail beyond the last acknowledged record that was cut (<paramref name="DroppedRecords"/>), or damage that reaches
/// acknowledged records, which keeps everything and fences the store (<paramref name="Fenced"/>).
/// </summary>
/// <param name="LastGoodPosition">The last journal record that checks out and follows an unbroken run from 1: what recovery may replay.</param>
/// <param name="DroppedRecords">Records deleted as a torn tail (never acknowledged).</param>
/// <param name="Problem">What was wrong and, when fenced, what an operator should do; null when the journal was intact.</param>
/// <param name="Fenced">True when acknowledged records are missing or damaged, or the database failed its integrity check: the store refuses appends and the service must not take writes.</param>
public sealed record RecoveryReport(long LastGoodPosition, long DroppedRecords, string? Problem, bool Fenced = false)
{
    /// <summary>True when the journal was intact.</summary>
    public bool Clean => Problem is null;
}
