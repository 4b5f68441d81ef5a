namespace SocialLoss.Contract;

/// <summary>How a replay ended. The numbers are the CLI's exit codes.</summary>
public enum ReplayOutcome
{
    /// <summary>Every line was read and applied (rejected commands included).</summary>
    Completed = 0,

    /// <summary>A line was not a valid command; the replay stopped before it.</summary>
    MalformedInput = 2,

    /// <summary>With checking on, an invariant failed after a command.</summary>
    InvariantViolated = 3,
}
