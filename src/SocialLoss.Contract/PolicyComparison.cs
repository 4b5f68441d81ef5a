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

    /// <summary>The metrics of one run, from its events and final ledger (<see cref="LossAttribution"/>, as every report reads them).</summary>
    public static PolicyMetrics Measure(string policy, IReadOnlyList<EngineEvent> events, Ledger final)
    {
        var attribution = new LossAttribution();
        attribution.Observe(events);
        var s = attribution.Summarize(final);
        return new PolicyMetrics(policy, s.BadDebt.ToString(), s.FundUsed.ToString(), s.Socialized.ToString(), s.Deficit.ToString(), s.AccountsHit,
            s.LargestHaircutShare, s.HaircutGini, s.Top1PercentShare, s.HedgesBroken, s.Overshoot.ToString(), s.WinnersPnlKept.ToString(),
            s.Liquidations, s.AdlFills)
        {
            LargestPositionShareClosed = s.LargestPositionShareClosed,
        };
    }
}
