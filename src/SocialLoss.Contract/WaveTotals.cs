using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>A run's waves together: budgets and haircuts summed, shares the worst wave's.</summary>
/// <param name="NeededBudget">Σ needed budget.</param>
/// <param name="Haircut">Σ counterfactual haircut.</param>
/// <param name="MaxHaircutShare">The largest haircut share of any wave.</param>
/// <param name="AccountsHit">Σ winners touched per wave (a winner hit in two waves counts twice).</param>
/// <param name="HorizonHaircut">Σ haircut one step after each wave.</param>
/// <param name="HorizonMaxHaircutShare">The largest haircut share one step after any wave.</param>
public sealed record WaveTotals(Money NeededBudget, Money Haircut, double MaxHaircutShare, int AccountsHit, Money HorizonHaircut, double HorizonMaxHaircutShare)
{
    /// <summary>Σ overshoot = Σ haircut − Σ needed budget.</summary>
    public Money Overshoot => Haircut - NeededBudget;

    /// <summary>Haircut over needed budget (1 = took exactly what was needed; NaN when nothing was needed).</summary>
    public double Coverage => NeededBudget.IsPositive ? (double)Haircut.Micros / NeededBudget.Micros : double.NaN;

    /// <summary>The totals of <paramref name="waves"/>.</summary>
    public static WaveTotals Of(IReadOnlyList<WaveResult> waves)
    {
        long needed = 0, haircut = 0, horizon = 0;
        double share = 0, horizonShare = 0;
        int hit = 0;
        foreach (var w in waves)
        {
            needed = checked(needed + w.NeededBudget.Micros);
            haircut = checked(haircut + w.Haircut.Micros);
            horizon = checked(horizon + w.HorizonHaircut.Micros);
            share = Math.Max(share, w.MaxHaircutShare);
            horizonShare = Math.Max(horizonShare, w.HorizonMaxHaircutShare);
            hit += w.AccountsHit;
        }

        return new WaveTotals(new Money(needed), new Money(haircut), share, hit, new Money(horizon), horizonShare);
    }
}
