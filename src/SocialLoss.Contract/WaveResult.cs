using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// What one wave of socialization cost its winners, by the two-pass counterfactual of Chitra, arXiv 2512.01112 v3
/// (<see cref="WaveAnalysis"/>). Money is exact (micro-units of the settlement asset).
/// </summary>
/// <param name="Wave">1-based number of the wave in the run.</param>
/// <param name="FirstStep">Index of the wave's first step (its first socialization).</param>
/// <param name="LastStep">Index of its last step.</param>
/// <param name="Start">Time of the first step, when known.</param>
/// <param name="End">Time of the last step, when known.</param>
/// <param name="NeededBudget">
/// The shortfall the wave's socialization had to cover: what the counterfactual pass (the same steps with no
/// ADL and no socializing stage) adds to the deficit over the wave, i.e. the wave's bad debt left after the book,
/// the backstop and the insurance fund. For ADL at the bankruptcy price with no fund this is the paper's budget
/// B_t = Σ |mark − fill price| × |q|.
/// </param>
/// <param name="Haircut">
/// H_t: over every winner the wave touched (deleveraged, clawed back, charged by a socializing stage), its equity
/// at the wave's end in the counterfactual pass minus its equity in the real one, summed where positive.
/// </param>
/// <param name="MaxHaircutShare">The largest winner's haircut over its counterfactual equity, in [0, 1].</param>
/// <param name="AccountsHit">Winners the wave touched.</param>
/// <param name="HorizonHaircut">H_t evaluated one step after the wave's end (both passes run that step too): how much of the haircut is the price moving after the close.</param>
/// <param name="HorizonMaxHaircutShare">The largest haircut share at that horizon.</param>
public sealed record WaveResult(int Wave, int FirstStep, int LastStep, Timestamp? Start, Timestamp? End, Money NeededBudget, Money Haircut,
    double MaxHaircutShare, int AccountsHit, Money HorizonHaircut, double HorizonMaxHaircutShare)
{
    /// <summary>Overshoot O_t = H_t − B_t: taken from winners beyond what was needed (negative: less than needed).</summary>
    public Money Overshoot => new(Haircut.Micros - NeededBudget.Micros);
}
