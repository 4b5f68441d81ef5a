using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>What <see cref="JournalFollower.Recover"/> hands the service.</summary>
/// <param name="Replica">The engine at the journal's (last good) end.</param>
/// <param name="Info">What recovery did and found.</param>
/// <param name="Fence">Why the service must start taking no writes (storage damage reaching acknowledged commands), or null.</param>
/// <param name="Requests">The idempotency records: requests already executed.</param>
public sealed record Recovered(ClearingReplica Replica, RecoveryInfo Info, string? Fence, IReadOnlyList<RequestEntry> Requests);
