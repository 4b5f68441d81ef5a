namespace SocialLoss.Server;

/// <summary>The answer to a submitted request: the journal positions its commands took and their events.</summary>
public sealed record SubmitResult(long First, long Last, IReadOnlyList<StoredEvent> Events, bool Replayed);

/// <summary>A request whose idempotency key was used before with a different body.</summary>
public sealed class IdempotencyConflictException(string message) : Exception(message);

/// <summary>The service stopped accepting commands (a commit whose outcome is unknown, or an engine fault); restart it to recover from the journal.</summary>
public sealed class ServiceFaultedException(string message) : Exception(message);
