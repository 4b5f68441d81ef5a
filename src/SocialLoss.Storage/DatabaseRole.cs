namespace SocialLoss.Storage;

/// <summary>What a node's database is, as its engine sees it (PostgreSQL's <c>pg_is_in_recovery()</c>).</summary>
public enum DatabaseRole
{
    /// <summary>Writable: the replication leader (or a database without replication).</summary>
    Primary = 0,

    /// <summary>In recovery: a hot standby replaying the leader's WAL, read-only.</summary>
    Standby = 1,

    /// <summary>The database did not answer.</summary>
    Unreachable = 2,
}
