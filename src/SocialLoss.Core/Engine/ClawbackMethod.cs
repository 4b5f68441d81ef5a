namespace SocialLoss.Core.Engine;

/// <summary>How a clawback spreads the loss over winners. Numbers are frozen (persisted).</summary>
public enum ClawbackMethod
{
    /// <summary>Every winner pays the same share <c>h = min(1, R / U)</c> of its base.</summary>
    ProRata = 1,
}
