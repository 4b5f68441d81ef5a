namespace SocialLoss.Core.Events;

/// <summary>Why the insurance fund changed. Numbers are frozen (persisted).</summary>
public enum FundReason
{
    /// <summary>A top-up from outside.</summary>
    TopUp = 1,

    /// <summary>A liquidation fee paid by a liquidated account.</summary>
    LiquidationFee = 2,

    /// <summary>Surplus of a close-out paid to the fund.</summary>
    CloseoutSurplus = 3,

    /// <summary>The fund paid bad debt.</summary>
    BadDebt = 4,

    /// <summary>A withdrawal haircut paid to the fund while a deficit exists.</summary>
    WithdrawalHaircut = 5,

    /// <summary>
    /// The fund's share of a funding, paid or received by the positions it took over (no <c>account</c>: the other
    /// side is the funding's payers or receivers, in their <c>funded</c> events).
    /// </summary>
    Funding = 6,
}
