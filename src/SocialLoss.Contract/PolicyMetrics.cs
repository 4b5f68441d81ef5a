namespace SocialLoss.Contract;

/// <summary>
/// What one policy did to one command stream. Money figures are exact decimal strings of the settlement
/// asset; shares and Gini are statistics (double is fine here, never in accounting).
/// </summary>
/// <param name="Policy">Preset name.</param>
/// <param name="BadDebt">Σ bad debt left by liquidations (what the waterfall had to pay).</param>
/// <param name="FundUsed">What the insurance fund paid of it.</param>
/// <param name="Socialized">What other traders paid: clawbacks and other socializing stages, ADL losses against the mark, mutualised CCP resources.</param>
/// <param name="Deficit">Deficit left at the end.</param>
/// <param name="AccountsHit">Accounts that paid anything of a socialized loss or were deleveraged.</param>
/// <param name="LargestHaircutShare">Largest haircut h (ADL loss against the mark, clawbacks, mutualised contributions) as a share of what its account would have ended with without it, <c>h / (final equity + h)</c> (<see cref="LossSummary.LargestHaircutShare"/>).</param>
/// <param name="HaircutGini">Gini coefficient of what the accounts hit paid.</param>
/// <param name="Top1PercentShare">Share of the socialized total paid by the top 1% of payers (at least one).</param>
/// <param name="HedgesBroken">Accounts a leg of whose hedge was deleveraged while an opposite position in another market stayed open.</param>
/// <param name="Overshoot">Before the wave analysis: taken from others beyond what the fund did not cover of the liquidated accounts' shortfall; <see cref="PolicyComparison.Run"/> replaces it with Σ over waves of haircut − needed budget (arXiv 2512.01112 v3), negative when winners covered less than was needed.</param>
/// <param name="WinnersPnlKept">Lifetime profit kept at the end by accounts that ended in profit.</param>
/// <param name="Liquidations">Positions liquidated.</param>
/// <param name="AdlFills">ADL fills.</param>
public sealed record PolicyMetrics(
    string Policy, string BadDebt, string FundUsed, string Socialized, string Deficit, int AccountsHit,
    double LargestHaircutShare, double HaircutGini, double Top1PercentShare, int HedgesBroken, string Overshoot,
    string WinnersPnlKept, int Liquidations, int AdlFills)
{
    /// <summary>The largest share of a position one ADL fill closed.</summary>
    public double LargestPositionShareClosed { get; init; }

    /// <summary>Σ over waves of the needed budget: the shortfall left after the book, backstop and fund.</summary>
    public string NeededBudget { get; init; } = "0";

    /// <summary>Σ over waves of the counterfactual haircut H_t.</summary>
    public string Haircut { get; init; } = "0";

    /// <summary>The largest haircut share of any wave, in [0, 1].</summary>
    public double MaxHaircutShare { get; init; }

    /// <summary>Every wave of socialization (<see cref="WaveAnalysis"/>).</summary>
    public IReadOnlyList<WaveMetrics> Waves { get; init; } = [];
}
