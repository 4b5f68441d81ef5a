namespace SocialLoss.Server;

/// <summary>The answer of <c>POST /commands</c>: the journal positions the request's commands took and their events.</summary>
/// <param name="First">Journal position of the request's first command.</param>
/// <param name="Last">Journal position of its last command.</param>
/// <param name="Replayed">True when this is the first answer to an earlier request with the same Idempotency-Key.</param>
/// <param name="Events">The events the commands produced (those still held in memory, for a replayed answer).</param>
public sealed record SubmitAnswer(long First, long Last, bool Replayed, IReadOnlyList<ContractEvent> Events);
