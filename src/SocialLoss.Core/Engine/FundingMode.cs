namespace SocialLoss.Core.Engine;

/// <summary>How a funding reaches the accounts. Numbers are frozen (persisted).</summary>
public enum FundingMode
{
    /// <summary>
    /// Contract v1: one <c>funded</c> event per holder, payers charged <c>ceil(rate x notional)</c>, what they paid
    /// split over the receivers by notional (largest remainder). O(holders) events per funding.
    /// </summary>
    PerAccount = 1,

    /// <summary>
    /// A cumulative funding index per market (as dYdX v4, Drift and Perpetual Protocol keep): one <c>fundingIndex</c>
    /// event per funding; each position accrues <c>lots x (index − index at its last settlement)</c>, rounded against
    /// the account (a payer pays the ceiling, a receiver receives the floor), settled into the balance when the
    /// position next changes and counted in the balance, equity and margins until then. The rounding's surplus stays
    /// with the market (<see cref="Markets.MarketState.FundingRemainder"/>). O(1) events per funding.
    /// </summary>
    Index = 2,
}
