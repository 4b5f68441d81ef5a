namespace SocialLoss.Storage;

/// <summary>Opens the store a <c>--db</c> value names: PostgreSQL for a URI or key-value connection string, otherwise a SQLite file.</summary>
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
}
