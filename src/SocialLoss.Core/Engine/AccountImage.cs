using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>An account in a <see cref="LedgerImage"/>: every field of <see cref="Accounts.Account"/>.</summary>
/// <param name="Id">The account's name.</param>
/// <param name="Balance">Cash balance, with the funding its positions accrued and did not settle (as <see cref="Accounts.Account.Balance"/>).</param>
/// <param name="Principal">Deposits minus withdrawals.</param>
/// <param name="ProfitAtSettle">Lifetime profit at the last <c>settle</c>.</param>
/// <param name="DefaultFund">Default-fund contribution left.</param>
/// <param name="Contributed">Everything ever paid into the default fund.</param>
/// <param name="Assessed">Assessments paid so far.</param>
/// <param name="EquityAtDefault">Equity at the last declared default.</param>
/// <param name="IsDefaulted">True once declared in default.</param>
/// <param name="IsBackstop">True for a backstop account.</param>
/// <param name="Positions">Every position the account ever had, flat ones included, in ordinal market order.</param>
public sealed record AccountImage(
    AccountId Id,
    Money Balance,
    Money Principal,
    Money ProfitAtSettle,
    Money DefaultFund,
    Money Contributed,
    Money Assessed,
    Money EquityAtDefault,
    bool IsDefaulted,
    bool IsBackstop,
    IReadOnlyList<PositionImage> Positions)
{
    /// <summary>
    /// When each market's last partial liquidation happened (its cooldown decides whether the next one closes the whole
    /// position), in ordinal market order; empty when none.
    /// </summary>
    public IReadOnlyList<(MarketId Market, Timestamp At)> PartialLiquidations { get; init; } = [];
}
