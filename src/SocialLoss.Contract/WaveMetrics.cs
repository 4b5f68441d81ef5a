namespace SocialLoss.Contract;

/// <summary>
/// One wave as <c>compare --format json</c> and <c>results.json</c> report it (<see cref="WaveResult"/>): money as exact
/// decimal strings, shares as fractions, times as the commands' <c>time</c> (absent when the commands carry none).
/// </summary>
/// <param name="Wave">1-based wave number.</param>
/// <param name="Start">Time of the wave's first socializing command.</param>
/// <param name="End">Time of its last.</param>
/// <param name="NeededBudget">The shortfall left after the book, backstop and fund (counterfactual pass).</param>
/// <param name="Haircut">Σ over touched winners of max(0, counterfactual equity − real equity) at the wave's end.</param>
/// <param name="Overshoot">Haircut − needed budget.</param>
/// <param name="MaxHaircutShare">Largest haircut / counterfactual equity, in [0, 1].</param>
/// <param name="AccountsHit">Winners touched.</param>
/// <param name="HorizonHaircut">The haircut one command (or path step) after the wave's end.</param>
/// <param name="HorizonMaxHaircutShare">The largest share at that horizon.</param>
public sealed record WaveMetrics(int Wave, string? Start, string? End, string NeededBudget, string Haircut, string Overshoot, double MaxHaircutShare,
    int AccountsHit, string HorizonHaircut, double HorizonMaxHaircutShare)
{
    /// <summary>The wire form of a measured wave.</summary>
    public static WaveMetrics From(WaveResult w) => new(w.Wave, w.Start?.ToString(), w.End?.ToString(), w.NeededBudget.ToString(), w.Haircut.ToString(),
        w.Overshoot.ToString(), w.MaxHaircutShare, w.AccountsHit, w.HorizonHaircut.ToString(), w.HorizonMaxHaircutShare);
}
