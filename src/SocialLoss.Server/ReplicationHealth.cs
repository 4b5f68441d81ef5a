using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>What <c>/health</c> tells, with the node's role in replication.</summary>
internal static class ReplicationHealth
{
    /// <summary>
    /// The answer: with <c>role</c>, <c>journal</c> (the last position the node's database holds), <c>applied</c>, <c>lag</c>
    /// (journal − applied) and, in a replicated deployment, <c>database</c> (its role as last probed), <c>leader</c> (the
    /// leader's engine, on a standby) and <c>promotedAt</c> / <c>promotionMs</c> after a promotion.
    /// </summary>
    public static HealthAnswer Of(ClearingService svc, ReplicationFollower? follower)
    {
        var fault = svc.Fault;
        long applied = svc.Position;
        long journal = follower is null ? applied : Math.Max(follower.JournalPosition, applied);
        string? database = follower?.DatabaseRole switch
        {
            null => null,
            DatabaseRole.Primary => "primary",
            DatabaseRole.Standby => "standby",
            _ => "unreachable",
        };
        return new HealthAnswer(fault is null ? "ok" : "faulted", applied, fault, svc.FirstEventSeq, fault is not null, svc.Recovery.Problems,
            svc.Role == NodeRole.Primary ? "primary" : "standby", journal, applied, journal - applied, database, follower is null ? null : svc.Leader,
            follower?.PromotedAt, follower?.PromotionMilliseconds, follower?.Problem);
    }
}
