namespace SocialLoss.Core.Engine;

/// <summary>A stage of the loss waterfall: who pays bad debt. Numbers are frozen (persisted).</summary>
public enum WaterfallStageKind
{
    /// <summary>The insurance fund's balance.</summary>
    Insurance = 1,

    /// <summary>A haircut of winners' profit.</summary>
    Clawback = 2,

    /// <summary>Every open position pays per unit of open interest (Drift v2, Mango v4).</summary>
    OpenInterest = 3,

    /// <summary>Every depositor loses the same fraction of its balance (Drift spot, Mango token bankruptcy).</summary>
    DepositIndex = 4,
}
