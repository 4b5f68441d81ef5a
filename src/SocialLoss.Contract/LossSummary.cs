using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>What <see cref="LossAttribution"/> read from a run: exact money, with shares and inequality statistics as doubles.</summary>
/// <param name="Liquidations">Positions liquidated.</param>
/// <param name="LiquidatedNotional">Notional of the liquidated positions at the mark.</param>
/// <param name="BookNotional">Notional closed against the book.</param>
/// <param name="FundTakeoverNotional">Notional the insurance fund took over at the mark.</param>
/// <param name="BadDebt">Σ bad debt: what the close-outs left unpaid, for the waterfall.</param>
/// <param name="FundUsed">What the insurance fund paid of it.</param>
/// <param name="FundInflow">Liquidation fees and close-out surplus paid into the fund.</param>
/// <param name="FundEnd">The insurance fund at the end.</param>
/// <param name="AdlLossVsMark">What deleveraged winners gave up against the mark: Σ over fills of the lots × (mark − price) against them, where positive.</param>
/// <param name="Clawbacks">What the clawback-like stages took (clawback, open interest, deposit index, VMGH, assessments).</param>
/// <param name="Mutualized">What the surviving members' default fund paid (a CCP).</param>
/// <param name="Socialized">What other traders paid: <c>AdlLossVsMark + Clawbacks + Mutualized</c>.</param>
/// <param name="Deficit">The deficit at the end.</param>
/// <param name="AdlNotional">Notional of the winners' positions closed by ADL, at the ADL price.</param>
/// <param name="AdlFills">ADL fills.</param>
/// <param name="AccountsHit">Accounts deleveraged or with a positive haircut.</param>
/// <param name="AdlAccounts">Accounts deleveraged.</param>
/// <param name="LargestHaircutShare">The largest haircut h as a share of what its account would have ended with without it: <c>h / (final equity + h)</c>, at most 1 (0 for ADL at the mark price).</param>
/// <param name="LargestPositionShareClosed">The largest share of a position one ADL fill closed.</param>
/// <param name="HaircutGini">Gini coefficient of the positive haircuts.</param>
/// <param name="Top1PercentShare">Share of the haircuts paid by the top 1% of the accounts that paid (at least one).</param>
/// <param name="HedgesBroken">Accounts a leg of whose hedge was deleveraged (an opposite position in another market, or a hedge outside the engine).</param>
/// <param name="Overshoot">Without the wave analysis: socialized beyond what the fund left unpaid of the liquidated accounts' shortfall.</param>
/// <param name="WinnersPnlKept">Σ max(0, final equity − net deposits) over the accounts.</param>
/// <param name="Rejected">Commands rejected.</param>
public sealed record LossSummary(
    int Liquidations, Money LiquidatedNotional, Money BookNotional, Money FundTakeoverNotional, Money BadDebt, Money FundUsed,
    Money FundInflow, Money FundEnd, Money AdlLossVsMark, Money Clawbacks, Money Mutualized, Money Socialized, Money Deficit,
    Money AdlNotional, int AdlFills, int AccountsHit, int AdlAccounts, double LargestHaircutShare, double LargestPositionShareClosed,
    double HaircutGini, double Top1PercentShare, int HedgesBroken, Money Overshoot, Money WinnersPnlKept, int Rejected)
{
    /// <summary>Who paid each bad debt, in the order the bankruptcies happened.</summary>
    public IReadOnlyList<BankruptcyPayers> Bankruptcies { get; init; } = [];

    /// <summary>Each account's positive haircut (ADL loss against the mark, clawbacks, mutualised contributions), by account id.</summary>
    public IReadOnlyDictionary<string, Money> Haircuts { get; init; } = new Dictionary<string, Money>();
}
