namespace SocialLoss.Server;

/// <summary>A write sent to a hot standby: it goes to the primary, whose engine address is <see cref="Leader"/> when known.</summary>
public sealed class NotPrimaryException(string? leader)
    : Exception(leader is null ? "this node is a standby and no leader is known right now (a failover may be under way): retry shortly" : $"this node is a standby: send writes to the leader at {leader}")
{
    /// <summary>The leader engine's base URL, or null while there is none (during a failover).</summary>
    public string? Leader { get; } = leader;
}
