namespace SocialLoss.Core.Engine;

/// <summary>How a clawback spreads the loss over winners. Numbers are frozen (persisted).</summary>
public enum ClawbackMethod
{
    /// <summary>Every winner pays the same share <c>h = min(1, R / U)</c> of its base.</summary>
    ProRata = 1,

    /// <summary>Water-filling: <c>h_i = min(η, cap)</c>, η solved so the haircuts sum to the residual.</summary>
    CappedProRata = 2,

    /// <summary>Minimise the largest haircut as a share of equity, each haircut at most its base.</summary>
    MinMax = 3,

    /// <summary>Haircut proportional to profit x effective leverage, capped.</summary>
    RiskAware = 4,
}
