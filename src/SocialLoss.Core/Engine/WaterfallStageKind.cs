namespace SocialLoss.Core.Engine;

/// <summary>A stage of the loss waterfall: who pays bad debt. Numbers are frozen (persisted).</summary>
public enum WaterfallStageKind
{
    /// <summary>The insurance fund's balance.</summary>
    Insurance = 1,

    /// <summary>A haircut of winners' profit.</summary>
    Clawback = 2,
}
