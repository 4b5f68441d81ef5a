namespace SocialLoss.Server;

/// <summary>The answer of <c>GET /health</c>.</summary>
/// <param name="Status"><c>ok</c>, or <c>faulted</c> when the service is fenced (then the status code is 503).</param>
/// <param name="Position">The journal position executed.</param>
/// <param name="Fault">Why the service stopped accepting commands; null while healthy.</param>
/// <param name="FirstEventSeq">Sequence number of the oldest event held in memory.</param>
/// <param name="Fenced">True while the service takes no writes (after a failed write, or storage damage found on start).</param>
/// <param name="Recovery">What recovery found on start: a cut journal, snapshots skipped, damage (empty when nothing).</param>
public sealed record HealthAnswer(string Status, long Position, string? Fault, long FirstEventSeq, bool Fenced, IReadOnlyList<string> Recovery);
