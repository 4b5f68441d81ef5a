namespace SocialLoss.Server;

/// <summary>The answer of <c>GET /health</c>.</summary>
/// <param name="Status"><c>ok</c>, or <c>faulted</c> when the service is fenced (then the status code is 503).</param>
/// <param name="Position">The journal position executed.</param>
/// <param name="Fault">Why the service stopped accepting commands; null while healthy.</param>
/// <param name="FirstEventSeq">Sequence number of the oldest event held in memory.</param>
public sealed record HealthAnswer(string Status, long Position, string? Fault, long FirstEventSeq);
