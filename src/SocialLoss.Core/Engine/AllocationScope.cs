namespace SocialLoss.Core.Engine;

/// <summary>
/// Over what a socializing rule (ADL, clawback) shares a shortfall. Numbers are frozen (persisted).
/// </summary>
public enum AllocationScope
{
    /// <summary>Each bankruptcy on its own, one after another (contract v1 default).</summary>
    PerBankruptcy = 1,

    /// <summary>
    /// The bankruptcies of one round of a liquidation sweep (one mark's accounts under maintenance) are pooled and
    /// shared once over the winners: the ADL rung allocates the pooled lots of each market side in one go and the
    /// clawback stage the pooled debt in one go, so no winner is charged once per bankruptcy of the same wave.
    /// A later round of the same sweep (accounts the wave's own ADL pushed under) is a new pool.
    /// </summary>
    PerWave = 2,
}
