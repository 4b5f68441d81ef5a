namespace SocialLoss.Storage;

/// <summary>
/// Opens the store a <c>--db</c> value names (PostgreSQL for a URI or key-value connection string, otherwise a
/// SQLite file), and what every store offers on top of <see cref="IClearingStore"/>.
/// </summary>
public static class ClearingStore
{
    /// <summary>
    /// Opens <paramref name="db"/>: a <c>postgres://</c>/<c>postgresql://</c> URI or an Npgsql key-value string
    /// (<c>Host=…</c>) opens a <see cref="PostgresStore"/>; anything else is the path of a SQLite database
    /// (<see cref="SqliteStore"/>, created when missing).
    /// </summary>
    public static IClearingStore Open(string db, StoreOptions? options = null) =>
        PostgresConnectionString.Matches(db) ? PostgresStore.Open(db, options) : SqliteStore.Open(db, options);

    /// <summary>What <paramref name="db"/> names, fit for a log line: the SQLite path, or the PostgreSQL database without its password.</summary>
    public static string Describe(string db) =>
        PostgresConnectionString.Matches(db) ? PostgresConnectionString.Describe(db) : db;

    /// <summary>
    /// The latest snapshot whose checksum holds, or null; snapshots that fail their checksum are skipped and named
    /// in <paramref name="problems"/> (the first of <see cref="IClearingStore.Snapshots"/>, for every store alike).
    /// </summary>
    public static Snapshot? LatestSnapshot(this IClearingStore store, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        problems = found;
        return store.Snapshots(found).FirstOrDefault();
    }
}
