using Npgsql;

namespace SocialLoss.Storage;

/// <summary>
/// Watches a connection's notices while a COMMIT runs for the one that says the commit was not replicated. When a
/// COMMIT waiting for the synchronous standby is cancelled (a statement timeout, a cancel request, the backend told
/// to terminate) PostgreSQL does not fail it: the commit is already durable locally, so it returns success with the
/// WARNING "canceling wait for synchronous replication …" and the detail "The transaction has already committed
/// locally, but might not have been replicated to the standby." (src/backend/replication/syncrep.c,
/// SyncRepWaitForLSN). Such a commit must never be acknowledged: a failover to the standby loses it.
/// </summary>
internal sealed class SyncReplicationWatch
{
    private volatile bool _armed;
    private volatile string? _warning;

    /// <summary>True for the notice PostgreSQL sends when it stops waiting for the synchronous standby.</summary>
    public static bool IsUnreplicatedCommit(PostgresNotice n) =>
        n.MessageText.Contains("wait for synchronous replication", StringComparison.OrdinalIgnoreCase)
        || (n.Detail?.Contains("might not have been replicated", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Starts watching (just before the COMMIT is sent).</summary>
    public void Arm()
    {
        _warning = null;
        _armed = true;
    }

    /// <summary>Stops watching; the warning seen meanwhile, or null when the commit was confirmed cleanly.</summary>
    public string? Disarm()
    {
        _armed = false;
        var w = _warning;
        _warning = null;
        return w;
    }

    /// <summary>The connection's notice handler (Npgsql raises it on the thread reading the COMMIT's answer).</summary>
    public void OnNotice(object? sender, NpgsqlNoticeEventArgs e)
    {
        if (_armed && IsUnreplicatedCommit(e.Notice))
            _warning ??= e.Notice.MessageText;
    }
}
