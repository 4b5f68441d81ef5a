namespace SocialLoss.Server;

/// <summary>The answer of <c>GET /health</c>.</summary>
/// <param name="Status"><c>ok</c>, or <c>faulted</c> when the service is fenced (then the status code is 503).</param>
/// <param name="Position">The journal position executed.</param>
/// <param name="Fault">Why the service stopped accepting commands; null while healthy.</param>
/// <param name="FirstEventSeq">Sequence number of the oldest event held in memory.</param>
/// <param name="Fenced">True while the service takes no writes (after a failed write, storage damage found on start, or a primary whose database is no longer the leader).</param>
/// <param name="Recovery">What recovery found on start: a cut journal, snapshots skipped, damage (empty when nothing).</param>
/// <param name="Role"><c>primary</c> or <c>standby</c>.</param>
/// <param name="Journal">The last journal position the node's database holds.</param>
/// <param name="Applied">The last journal position the engine applied.</param>
/// <param name="Lag">Journal − applied.</param>
/// <param name="Database">In a replicated deployment: the database's role as last probed (<c>primary</c>, <c>standby</c>, <c>unreachable</c>); else null.</param>
/// <param name="Leader">On a standby: the leader's engine address, when known.</param>
/// <param name="PromotedAt">After a promotion: when (Unix milliseconds).</param>
/// <param name="PromotionMs">After a promotion: how long it took, in milliseconds.</param>
/// <param name="ReplicationProblem">What last went wrong in replication, or null.</param>
public sealed record HealthAnswer(string Status, long Position, string? Fault, long FirstEventSeq, bool Fenced, IReadOnlyList<string> Recovery,
    string Role, long Journal, long Applied, long Lag, string? Database, string? Leader, long? PromotedAt, long? PromotionMs, string? ReplicationProblem);
