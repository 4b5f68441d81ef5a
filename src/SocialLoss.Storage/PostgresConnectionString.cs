using System.Text.RegularExpressions;
using Npgsql;

namespace SocialLoss.Storage;

/// <summary>
/// Reads the two ways a PostgreSQL database is named on a command line: a URI
/// (<c>postgres://user:password@host:port/database?sslmode=require&amp;search_path=clearing</c>, as libpq and
/// most hosting providers print it) or an Npgsql key-value string (<c>Host=…;Username=…;Password=…</c>).
/// </summary>
public static partial class PostgresConnectionString
{
    // libpq's URI parameter names → Npgsql's keywords; anything else is handed to Npgsql as it is
    private static readonly Dictionary<string, string> LibpqNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["target_session_attrs"] = "Target Session Attributes",
        ["search_path"] = "Search Path",
        ["options"] = "Options",
    };

    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HostKey();

    /// <summary>True when <paramref name="db"/> names a PostgreSQL database (a <c>postgres://</c> or <c>postgresql://</c> URI, or a key-value string with <c>Host=</c>).</summary>
    public static bool Matches(string db) =>
        db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || HostKey().IsMatch(db);

    /// <summary>The Npgsql settings named by <paramref name="db"/>; throws <see cref="StorageException"/> saying what is wrong with it.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string db)
    {
        try
        {
            return db.Contains("://", StringComparison.Ordinal) ? FromUri(db) : new NpgsqlConnectionStringBuilder(db);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            throw new StorageException($"not a PostgreSQL connection string or URI ({e.Message})", e);
        }
    }

    /// <summary>Where <paramref name="db"/> points, for messages and logs: never the password.</summary>
    public static string Describe(string db)
    {
        try
        {
            return Describe(Parse(db));
        }
        catch (StorageException)
        {
            return "an unreadable PostgreSQL connection string";
        }
    }

    /// <summary>Where <paramref name="cs"/> points, as a password-free URI.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder cs)
    {
        var schema = string.IsNullOrEmpty(cs.SearchPath) ? "" : $"?search_path={cs.SearchPath}";
        return $"postgresql://{cs.Username}@{cs.Host}:{cs.Port}/{cs.Database}{schema}";
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        if (uri.Scheme is not ("postgres" or "postgresql"))
            throw new FormatException($"scheme \"{uri.Scheme}\" is not postgres:// or postgresql://");
        var cs = new NpgsqlConnectionStringBuilder();
        if (uri.Host.Length > 0)
            cs.Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        if (!uri.IsDefaultPort && uri.Port > 0)
            cs.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            cs.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
                cs.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0)
            cs.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new FormatException($"URI parameter \"{pair}\" has no value");
            var key = Uri.UnescapeDataString(pair[..eq]);
            cs[LibpqNames.GetValueOrDefault(key, key)] = Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }

        return cs;
    }
}
