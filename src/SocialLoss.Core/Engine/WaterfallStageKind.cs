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

    /// <summary>CCP: the defaulter's own margin. It is its collateral, which the close-out consumes first; the stage
    /// names that step of the PFMI order and moves nothing further.</summary>
    DefaulterMargin = 5,

    /// <summary>CCP: the defaulter's default-fund contribution.</summary>
    DefaulterDefaultFund = 6,

    /// <summary>CCP: the clearing house's own capital ("skin in the game").</summary>
    Sitg = 7,

    /// <summary>CCP: surviving members' default-fund contributions, pro rata to each contribution as it stands (what is left of it).</summary>
    SurvivorsDefaultFund = 8,

    /// <summary>CCP: cash calls on surviving members, pro rata to contribution, capped at k x contribution.</summary>
    Assessments = 9,

    /// <summary>CCP: variation-margin gains haircut since the default, <c>h = min(1, L / ΣG⁺)</c>.</summary>
    Vmgh = 10,

    /// <summary>CCP: the unmatched book the fund took over is torn up against surviving opposite positions, pro
    /// rata to size, at the last settlement price (the mark). It restores a matched book; it pays no money.</summary>
    TearUp = 11,
}
