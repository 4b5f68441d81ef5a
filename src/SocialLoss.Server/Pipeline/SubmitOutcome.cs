namespace SocialLoss.Server;

/// <summary>What became of a submitted request: its answer, or why it was not applied (never half of it).</summary>
public sealed record SubmitOutcome(SubmitResult? Result, SubmitError? Error, string? Message)
{
    /// <summary>An applied (or replayed) request.</summary>
    public static SubmitOutcome Ok(SubmitResult result) => new(result, null, null);

    /// <summary>A request not applied, and why.</summary>
    public static SubmitOutcome Fail(SubmitError error, string message) => new(null, error, message);

    /// <summary>The answer; throws <see cref="InvalidOperationException"/> with the reason when the request was not applied.</summary>
    public SubmitResult Value => Result ?? throw new InvalidOperationException($"{Error}: {Message}");
}
