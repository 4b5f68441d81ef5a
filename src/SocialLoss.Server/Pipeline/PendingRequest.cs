using SocialLoss.Core.Commands;

namespace SocialLoss.Server;

/// <summary>A request in the commit pipeline: its journal lines, their parsed commands, its idempotency key and body hash.</summary>
internal sealed record PendingRequest(IReadOnlyList<string> Lines, IReadOnlyList<Command> Commands, string? RequestId, string BodyHash)
{
    /// <summary>Completed once the request is applied or refused.</summary>
    public TaskCompletionSource<SubmitOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
