namespace SocialLoss.Server;

/// <summary>The answer to a submitted request: the journal positions its commands took and their events.</summary>
public sealed record SubmitResult(long First, long Last, IReadOnlyList<StoredEvent> Events, bool Replayed);
