using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Replays the same commands under several policies and measures what each did: who paid, how much, how
/// concentrated, how far beyond what was needed. The metrics are computed from the event stream alone,
/// replayed onto a shadow ledger so every figure is what the events say.
/// </summary>
public static class PolicyComparison
{
    /// <summary>Runs <paramref name="commands"/> (JSONL text) under each named <see cref="PolicyCatalog"/> policy, in order.</summary>
    /// <param name="commands">The JSONL commands (their own <c>config</c> lines are replaced by each policy's).</param>
    /// <param name="policies">Catalog names.</param>
    /// <param name="progress">Gets each policy's name as it starts.</param>
    /// <param name="waveGap">The wave gap of the wave analysis (default 5 s); commands without <c>time</c> join a wave only when adjacent.</param>
    public static IReadOnlyList<PolicyMetrics> Run(string commands, IEnumerable<string> policies, Action<string>? progress = null, TimeSpan? waveGap = null)
    {
        var results = new List<PolicyMetrics>();
        foreach (var name in policies)
        {
            var line = PolicyCatalog.Find(name)?.ConfigLine ?? throw new ArgumentException($"unknown policy \"{name}\" (expected one of: {string.Join(", ", PolicyCatalog.Names)})");
            progress?.Invoke(name);
            var config = (ConfigureCommand)CommandParser.Parse(line);
            var replay = new Replay(collectEvents: true) { PolicyOverride = config };
            var outcome = replay.Run(new StringReader(commands), null);
            if (outcome != ReplayOutcome.Completed)
                throw new CommandFormatException(replay.Error!);
            var waves = Waves(commands, config, replay.Events, waveGap);
            var totals = WaveTotals.Of(waves);
            results.Add(Measure(name, replay.Events, replay.Engine.Ledger) with
            {
                Waves = waves.Select(WaveMetrics.From).ToArray(),
                NeededBudget = totals.NeededBudget.ToString(),
                Haircut = totals.Haircut.ToString(),
                Overshoot = totals.Overshoot.ToString(),
                MaxHaircutShare = totals.MaxHaircutShare,
            });
        }

        return results;
    }

    /// <summary>
    /// The waves of one policy's run of <paramref name="commands"/> (one command per step, at its <c>time</c>), by the
    /// second, counterfactual pass of <see cref="WaveAnalysis"/> over the first pass's <paramref name="events"/>.
    /// </summary>
    public static IReadOnlyList<WaveResult> Waves(string commands, ConfigureCommand policy, IReadOnlyList<EngineEvent> events, TimeSpan? waveGap = null)
    {
        var charged = new Dictionary<int, HashSet<AccountId>>();
        foreach (var e in events)
            if (WaveAnalysis.Charged(e) is { } who)
                (charged.TryGetValue(e.Cmd, out var set) ? set : charged[e.Cmd] = []).Add(who);
        var steps = new List<WaveStep>();
        var touched = new List<IReadOnlyCollection<AccountId>>();
        int lineNumber = 0;
        using var reader = new StringReader(commands);
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (CommandParser.IsSkippable(text) || CommandParser.Parse(text) is not { } command || command is ConfigureCommand)
                continue;
            steps.Add(new WaveStep([command], lineNumber, command.Time));
            touched.Add(charged.TryGetValue(lineNumber, out var set) ? set : []);
        }

        return WaveAnalysis.Run(() =>
        {
            var engine = new ClearingEngine();
            engine.Execute(policy, 0); // as the replay ran it: the policy first, as line 0
            return engine;
        }, steps, touched, waveGap);
    }

    /// <summary>The metrics of one run, from its events and final ledger.</summary>
    public static PolicyMetrics Measure(string policy, IReadOnlyList<EngineEvent> events, Ledger final)
    {
        var shadow = new Ledger();
        long badDebt = 0, fundUsed = 0, socialized = 0, needed = 0;
        int liquidations = 0, adlFills = 0, hedgesBroken = 0;
        double largestShare = 0;
        var paid = new Dictionary<string, long>(StringComparer.Ordinal);
        var hit = new HashSet<string>(StringComparer.Ordinal);
        var lastLiquidation = new Dictionary<string, Liquidated>(StringComparer.Ordinal);
        // What had to come from somewhere, per liquidated account: its negative equity at the mark, or its bad
        // debt when the close-out (a book fill below the mark) made it larger.
        var shortfall = new Dictionary<(string, int), long>();

        void Pay(string account, long amount)
        {
            paid[account] = paid.GetValueOrDefault(account) + amount;
            hit.Add(account);
        }

        foreach (var e in events)
        {
            switch (e)
            {
                case Liquidated l:
                    liquidations++;
                    lastLiquidation[l.Market.Value] = l;
                    if (l.Equity.IsNegative)
                        shortfall.TryAdd((l.Account.Value, l.Cmd), -l.Equity.Micros);
                    break;
                case BadDebt b:
                    badDebt += b.Amount.Micros;
                    shortfall[(b.Account.Value, b.Cmd)] = Math.Max(shortfall.GetValueOrDefault((b.Account.Value, b.Cmd)), b.Amount.Micros);
                    break;
                case InsuranceFundChanged f when f.Reason == FundReason.BadDebt:
                    fundUsed += -f.Change.Micros;
                    break;
                case ClawedBack c:
                    socialized += c.Amount.Micros;
                    Pay(c.Account.Value, c.Amount.Micros);
                    if (c.Base.IsPositive && c.Stage != WaterfallStageKind.OpenInterest)
                        largestShare = Math.Max(largestShare, (double)c.Amount.Micros / c.Base.Micros);
                    break;
                case DefaultFundUsed u when u.Stage == WaterfallStageKind.SurvivorsDefaultFund:
                    socialized += u.Amount.Micros;
                    Pay(u.Contributor!.Value.Value, u.Amount.Micros);
                    break;
                case Deleveraged d:
                {
                    adlFills++;
                    var spec = shadow.Markets[d.Market.Value].Spec;
                    var winner = shadow.Account(d.Account)!;
                    var before = winner.QuantityIn(d.Market);
                    largestShare = Math.Max(largestShare, (double)d.Quantity.Lots / Math.Abs(before.Lots));
                    if (lastLiquidation.TryGetValue(d.Market.Value, out var l))
                    {
                        // What the winner gave up against the mark: closing at a worse price than the mark.
                        var lots = new Quantity(d.Quantity.Lots);
                        long cost = before.Sign * (spec.Value(lots, l.Price) - spec.Value(lots, d.Price)).Micros;
                        socialized += cost;
                        Pay(d.Account.Value, Math.Max(0, cost));
                    }

                    bool hedged = winner.OpenPositions.Any(p => p.Key != d.Market.Value && p.Value.Quantity.Sign == -before.Sign);
                    if (hedged && d.Quantity.Lots == Math.Abs(before.Lots))
                        hedgesBroken++;
                    hit.Add(d.Account.Value);
                    break;
                }
            }

            shadow.Apply(e);
        }

        var amounts = paid.Values.Where(v => v > 0).Select(v => (double)v).OrderBy(v => v).ToArray();
        double total = amounts.Sum();
        int top = Math.Max(1, (int)Math.Ceiling(amounts.Length / 100.0));
        double topShare = total > 0 ? amounts.Reverse().Take(top).Sum() / total : 0;
        long kept = 0;
        foreach (var a in final.Accounts.Values)
        {
            if (a.IsBuiltIn)
                continue;
            var profit = Risk.Equity(final, a) - a.Principal;
            if (profit.IsPositive)
                kept += profit.Micros;
        }

        foreach (var s in shortfall.Values)
            needed += s;
        long overshoot = Math.Max(0, socialized - Math.Max(0, needed - fundUsed));
        return new PolicyMetrics(policy, M(badDebt), M(fundUsed), M(socialized), final.Deficit.ToString(), hit.Count,
            largestShare, Gini(amounts), topShare, hedgesBroken, M(overshoot), M(kept), liquidations, adlFills);
    }

    /// <summary>Gini coefficient of non-negative amounts sorted ascending (0 = everyone paid the same).</summary>
    public static double Gini(double[] sorted)
    {
        int n = sorted.Length;
        double sum = sorted.Sum();
        if (n == 0 || sum == 0)
            return 0;
        double weighted = 0;
        for (int i = 0; i < n; i++)
            weighted += (i + 1) * sorted[i];
        return (2 * weighted) / (n * sum) - (n + 1.0) / n;
    }

    private static string M(long micros) => new Money(micros).ToString();
}
