using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>What <c>/health</c> tells about a node's role in replication.</summary>
internal static class ReplicationHealth
{
    /// <summary>
    /// Adds <c>role</c>, <c>journal</c> (the last position the node's database holds), <c>applied</c>, <c>lag</c>
    /// (journal − applied) and, in a replicated deployment, <c>database</c> (its role as last probed), <c>leader</c>
    /// (the leader's engine, on a standby) and <c>promotedAt</c> / <c>promotionMs</c> after a promotion.
    /// </summary>
    public static void Add(Dictionary<string, object?> fields, ClearingService svc, ReplicationFollower? follower)
    {
        long applied = svc.Position;
        long journal = follower is null ? applied : Math.Max(follower.JournalPosition, applied);
        fields["role"] = svc.Role == NodeRole.Primary ? "primary" : "standby";
        fields["journal"] = journal;
        fields["applied"] = applied;
        fields["lag"] = journal - applied;
        if (follower is null)
            return;
        fields["database"] = follower.DatabaseRole switch
        {
            DatabaseRole.Primary => "primary",
            DatabaseRole.Standby => "standby",
            _ => "unreachable",
        };
        fields["leader"] = svc.Leader;
        fields["promotedAt"] = follower.PromotedAt;
        fields["promotionMs"] = follower.PromotionMilliseconds;
        fields["replicationProblem"] = follower.Problem;
    }
}
