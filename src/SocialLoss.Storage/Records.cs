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
/// A checkpoint of the engine: the journal position it covers, the state hash there and the last event
/// sequence number. Recovery replays the journal and checks the hash when it passes this position.
/// </summary>
public sealed record Snapshot(long Position, string StateHash, long LastSeq, byte[]? Image = null);

/// <summary>An API key as stored: SHA-256 of the key (hex), its role (<c>operator</c> or <c>account</c>) and, for an account key, the account.</summary>
public sealed record ApiKeyRecord(string Hash, string Role, string? Account);

/// <summary>What opening the store found: the last good journal position and, when the tail was corrupt or torn, what was cut.</summary>
public sealed record RecoveryReport(long LastGoodPosition, long DroppedRecords, string? Problem)
{
    /// <summary>True when the journal was intact.</summary>
    public bool Clean => Problem is null;
}
