namespace SocialLoss.Server;

/// <summary>Why a submitted request was not applied.</summary>
public enum SubmitError
{
    /// <summary>The journal commit failed: nothing of the request was applied, and the service is fenced.</summary>
    NotJournaled = 1,

    /// <summary>The request's idempotency key was used before with a different body.</summary>
    IdempotencyConflict = 2,

    /// <summary>The service stopped accepting commands (a commit whose outcome is unknown, an engine fault, shutting down).</summary>
    Faulted = 3,

    /// <summary>This node is a hot standby: writes go to the primary (<see cref="ClearingService.Leader"/>).</summary>
    NotPrimary = 4,
}
