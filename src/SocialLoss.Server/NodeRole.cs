namespace SocialLoss.Server;

/// <summary>What a service does in a replicated deployment (<c>serve --patroni</c>); a single node is always the primary.</summary>
public enum NodeRole
{
    /// <summary>Journals and executes commands: its database is the replication leader.</summary>
    Primary = 0,

    /// <summary>A hot standby: applies the leader's journal from its local replica, serves reads, answers writes with 503 and the leader.</summary>
    Standby = 1,
}
