using System.Diagnostics;
using Npgsql;

namespace SocialLoss.Storage.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the connection string in <c>SOCIALLOSS_TEST_PG</c> (test.sh sets it),
/// or else the one scripts/postgres.sh prints after starting a local server. There is no silent skip: when
/// neither works every PostgreSQL test fails saying why. Each test gets a schema of its own.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SOCIALLOSS_TEST_PG";

    private static readonly Lazy<string> Server = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The server's connection string (no schema).</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>A connection string whose tables land in a fresh schema (created by the store when it opens); drop it with <see cref="Drop"/>.</summary>
    public static string NewSchema(out string schema)
    {
        schema = "t_" + Guid.NewGuid().ToString("N");
        var cs = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, ApplicationName = schema };
        return cs.ToString();
    }

    /// <summary>Runs SQL in <paramref name="schema"/> (to corrupt a record, say) on a connection of its own.</summary>
    public static void Raw(string schema, string sql)
    {
        using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, Pooling = false }.ToString());
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Drops a schema a test made.</summary>
    public static void Drop(string schema)
    {
        NpgsqlConnection.ClearAllPools();
        Raw("public", $"DROP SCHEMA IF EXISTS {schema} CASCADE");
    }

    private static string Resolve()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set)
            return set;
        var script = Path.Combine(AppContext.BaseDirectory, "postgres.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        string stdout, stderr;
        int code;
        try
        {
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                p.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Variable} is not set and {script} did not finish within 5 minutes");
            }

            stderr = err.Result;
            code = p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{Variable} is not set and {script} could not be run ({e.Message})", e);
        }

        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (code != 0 || line is null)
        {
            throw new InvalidOperationException(
                $"the PostgreSQL tests need a server: set {Variable} to an Npgsql connection string, or let {script} start one " +
                $"(it needs root for apt-get and pg_ctlcluster); it exited with {code}: {stderr.Trim()}");
        }

        return line;
    }
}
