using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Waves of socialization and their counterfactual haircuts: the two-pass method of Chitra, "Autodeleveraging:
/// impossibilities and optimization", arXiv 2512.01112 v3 (code: pluriholonomic/autodeleveraging-analysis). A
/// wave is a run of steps with socialization (ADL fills, clawbacks, survivors' default-fund charges) less than
/// the wave gap apart (the paper: 5,000 ms), adjacent steps always together. For each wave the same steps are run
/// a second time from the state at the wave's start under the counterfactual policy
/// (<see cref="Counterfactual"/>: no ADL rung, no socializing stage), and every touched winner's equity at the
/// wave's end in that pass is set against its equity in the real one. The engine is deterministic, so both
/// passes are exact.
/// </summary>
public static class WaveAnalysis
{
    /// <summary>The paper's wave gap: 5 s.</summary>
    public static readonly TimeSpan DefaultGap = TimeSpan.FromSeconds(5);

    /// <summary>The stages that charge only the defaulter, the fund or the clearing house, never another trader.</summary>
    private static readonly WaterfallStageKind[] NonSocializing =
        [WaterfallStageKind.Insurance, WaterfallStageKind.DefaulterMargin, WaterfallStageKind.DefaulterDefaultFund, WaterfallStageKind.Sitg];

    /// <summary>
    /// The policy with nobody but the book, the backstop and the fund paying: the ADL rung is removed (the fund
    /// takes what is left at the mark) and so is every waterfall stage that charges other traders (what is left
    /// is recorded as deficit).
    /// </summary>
    public static EngineConfig Counterfactual(EngineConfig config) => config with
    {
        CloseOut = config.CloseOut.Where(s => s != CloseOutStage.Adl).ToArray(),
        Waterfall = config.Waterfall.Where(s => Array.IndexOf(NonSocializing, s) >= 0).ToArray(),
    };

    /// <summary>The winners an event charges for someone else's loss (null when it charges nobody).</summary>
    public static AccountId? Charged(EngineEvent e) => e switch
    {
        Deleveraged d => d.Account,
        ClawedBack c => c.Account,
        DefaultFundUsed { Stage: WaterfallStageKind.SurvivorsDefaultFund, Contributor: { } who } => who,
        _ => null,
    };

    /// <summary>
    /// The waves of a run: steps <c>i &lt; j</c> with socialization belong to one wave when nothing socialized in
    /// between and either <c>j = i + 1</c> or their times are less than <paramref name="gap"/> apart.
    /// </summary>
    /// <param name="touched">Per step, the accounts charged (empty: no socialization).</param>
    /// <param name="times">Per step, its time (null: unknown, then only adjacent steps join).</param>
    /// <param name="gap">The wave gap.</param>
    public static IReadOnlyList<(int First, int Last)> Find(IReadOnlyList<IReadOnlyCollection<AccountId>> touched, IReadOnlyList<Timestamp?> times, TimeSpan gap)
    {
        var waves = new List<(int, int)>();
        int first = -1, last = -1;
        for (int s = 0; s < touched.Count; s++)
        {
            if (touched[s].Count == 0)
                continue;
            bool joins = first >= 0 && (s == last + 1 || (times[s] is { } t && times[last] is { } l && t.UnixMicroseconds - l.UnixMicroseconds < gap.Ticks / 10));
            if (!joins)
            {
                if (first >= 0)
                    waves.Add((first, last));
                first = s;
            }

            last = s;
        }

        if (first >= 0)
            waves.Add((first, last));
        return waves;
    }

    /// <summary>
    /// The second pass: runs <paramref name="steps"/> again on the engine <paramref name="start"/> returns (the state
    /// before the first step, under the policy of the first pass) and, at each wave's start, branches a counterfactual
    /// engine from the same state; compares the two at the wave's end and one step after it.
    /// </summary>
    /// <param name="start">A fresh engine in the state before the first step (called once).</param>
    /// <param name="steps">The steps of the first pass.</param>
    /// <param name="touched">Per step, the accounts the first pass charged (<see cref="Charged"/>).</param>
    /// <param name="gap">The wave gap (default <see cref="DefaultGap"/>).</param>
    public static IReadOnlyList<WaveResult> Run(Func<ClearingEngine> start, IReadOnlyList<WaveStep> steps,
        IReadOnlyList<IReadOnlyCollection<AccountId>> touched, TimeSpan? gap = null)
    {
        var waves = Find(touched, steps.Select(s => s.Time).ToArray(), gap ?? DefaultGap);
        var results = new List<WaveResult>(waves.Count);
        if (waves.Count == 0)
            return results;
        var engine = start();
        int next = 0;
        ClearingEngine? branch = null, horizon = null;
        Money deficitAtStart = Money.Zero, fundsOwnDebt = Money.Zero;
        HashSet<AccountId> winners = [], horizonWinners = [];
        WaveResult? pending = null;
        for (int s = 0; s < steps.Count && (next < waves.Count || horizon is not null); s++)
        {
            if (next < waves.Count && s == waves[next].First)
            {
                var image = engine.Ledger.Capture();
                branch = new ClearingEngine(Ledger.FromImage(image with { Config = Counterfactual(image.Config) }));
                deficitAtStart = engine.Ledger.Deficit;
                fundsOwnDebt = Money.Zero;
                winners = [];
            }

            Execute(engine, steps[s]);
            if (branch is not null)
                fundsOwnDebt += Execute(branch, steps[s]);
            if (horizon is not null)
            {
                // one step after the wave: both passes ran it, the real one under its own policy
                Execute(horizon, steps[s]);
                var (h, share) = Haircut(engine.Ledger, horizon.Ledger, horizonWinners);
                results.Add(pending! with { HorizonHaircut = h, HorizonMaxHaircutShare = share });
                horizon = null;
                pending = null;
            }

            if (branch is null)
                continue;
            foreach (var a in touched[s])
                winners.Add(a);
            if (s != waves[next].Last)
                continue;

            var (haircut, maxShare) = Haircut(engine.Ledger, branch.Ledger, winners);
            // the shortfall of the wave's bankruptcies (arXiv 2512.01112's budget): not the fund's own trading losses on
            // positions it took over, which become deficit (issue 12: the fund is never silently insolvent) but are no
            // trader's bankruptcy for the wave's socialization to cover
            var needed = Money.Max(Money.Zero, branch.Ledger.Deficit - deficitAtStart - fundsOwnDebt);
            var (first, last) = waves[next];
            var result = new WaveResult(next + 1, first, last, steps[first].Time, steps[last].Time, needed, haircut, maxShare, winners.Count, haircut, maxShare);
            if (s + 1 < steps.Count)
            {
                pending = result;
                horizon = branch;
                horizonWinners = winners;
            }
            else
            {
                results.Add(result);
            }

            branch = null;
            next++;
        }

        if (pending is not null)
            results.Add(pending);
        return results;
    }

    private static Money Execute(ClearingEngine engine, WaveStep step)
    {
        int line = step.FirstLine;
        var fundsOwn = Money.Zero;
        foreach (var c in step.Commands)
        {
            foreach (var e in engine.Execute(c, line++))
            {
                if (e is BadDebt { } d && d.Account == AccountId.Insurance)
                    fundsOwn += d.Amount;
            }
        }

        return fundsOwn;
    }

    /// <summary>Σ max(0, counterfactual equity − real equity) over the winners, and the largest share of counterfactual equity.</summary>
    private static (Money Haircut, double MaxShare) Haircut(Ledger real, Ledger counterfactual, IReadOnlyCollection<AccountId> winners)
    {
        long total = 0;
        double maxShare = 0;
        foreach (var id in winners)
        {
            var withIt = real.Account(id) is { } a ? Risk.Equity(real, a) : Money.Zero;
            var without = counterfactual.Account(id) is { } b ? Risk.Equity(counterfactual, b) : Money.Zero;
            var h = without.Micros - withIt.Micros;
            if (h <= 0)
                continue;
            total = checked(total + h);
            maxShare = Math.Max(maxShare, without.Micros > 0 ? Math.Min(1, (double)h / without.Micros) : 1);
        }

        return (new Money(total), maxShare);
    }
}
