namespace SocialLoss.Storage;

/// <summary>Options of a store (<see cref="SqliteStore"/>, <see cref="PostgresStore"/>), including fault injection for tests; the PRAGMA ones are SQLite's alone.</summary>
public sealed class StoreOptions
{
    /// <summary>Called inside every write transaction (journal appends, snapshots) just before commit; throwing makes the commit fail (an injected fsync/commit fault).</summary>
    public Action? BeforeCommit { get; init; }

    /// <summary>When set, caps the database size in pages (<c>PRAGMA max_page_count</c>): a way to inject a full disk.</summary>
    public long? MaxPageCount { get; init; }

    /// <summary>
    /// Snapshots kept: saving one deletes all but this many newest. More than one, so that recovery still has an
    /// older snapshot to start from when the newest turns out damaged.
    /// </summary>
    public int KeepSnapshots { get; init; } = 3;

    /// <summary><c>PRAGMA synchronous</c>: <c>FULL</c> (default) makes every commit durable before it returns.</summary>
    public string Synchronous { get; init; } = "FULL";
}
