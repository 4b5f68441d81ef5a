using System.Diagnostics;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Simulation;

/// <summary>
/// Runs a prepared simulation under several policies through the clearing engine itself. The opening
/// of positions (deposits and trades, no liquidation possible) is executed once through the engine; its
/// events are state deltas, so each policy's engine starts from its own <c>config</c> command and applies
/// them (the engine's trade command re-checks every account after every fill, which is quadratic in the
/// number of accounts). The crash itself (a <c>book</c> and a <c>mark</c> per step) is executed command by
/// command under each policy, in parallel.
/// </summary>
public static class Simulator
{
    /// <summary>Runs every policy; <paramref name="progress"/> gets (policy index, steps done) from any thread.</summary>
    public static SimulationResult Run(PreparedSimulation sim, IReadOnlyList<Policy> policies, Action<int, int>? progress = null,
        bool parallel = true, bool replaySetupPerPolicy = false)
    {
        if (policies.Count == 0)
            throw new ArgumentException("at least one policy is needed", nameof(policies));
        var sw = Stopwatch.StartNew();
        IReadOnlyList<EngineEvent>? setupEvents = replaySetupPerPolicy ? null : SetupEvents(sim, policies[0]);
        var setupElapsed = sw.Elapsed;
        var results = new PolicyResult[policies.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel ? Environment.ProcessorCount : 1 };
        Parallel.For(0, policies.Count, options, i =>
            results[i] = RunPolicy(sim, policies[i], setupEvents, steps => progress?.Invoke(i, steps)));
        return new SimulationResult(sim, results, setupElapsed);
    }

    /// <summary>
    /// The setup's events after <c>configured</c>, built without the engine's quadratic per-trade sweep: each
    /// setup command becomes the event the engine would emit for it (same types, same numbering), applied to
    /// a ledger, and the engine's own <see cref="Risk"/> checks are run on the two accounts of every trade
    /// (initial margin when increasing risk, then maintenance), which is all the engine's trade command does
    /// when the mark does not move. Any trade the engine would reject or follow with a liquidation is an
    /// error. A test checks that the result equals <see cref="ExecutedSetupEvents"/> (the same commands run
    /// through the engine) to the state hash.
    /// </summary>
    public static IReadOnlyList<EngineEvent> SetupEvents(PreparedSimulation sim, Policy policy)
    {
        var ledger = new Ledger();
        var events = new List<EngineEvent>(sim.SetupCommands.Count);
        ledger.Apply(new Configured(policy.Command().Config) { Seq = 1, Cmd = 1 });
        int line = 1;
        foreach (var command in sim.SetupCommands)
        {
            line++;
            EngineEvent e = command switch
            {
                ListMarketCommand c => new MarketListed(MarketSpec.Create(c.Market, c.TickSize, c.LotSize, c.InitialMargin, c.MaintenanceMargin, c.LiquidationFee, c.Tiers, c.PriceBand ?? Rate.Zero, out var error)
                    ?? throw new InvalidOperationException($"setup line {line}: {error}")),
                InsuranceCommand c => new InsuranceFundChanged(c.Amount, ledger.Insurance.Balance + c.Amount, FundReason.TopUp, null),
                DepositCommand c => new Deposited(c.Account, c.Amount),
                BackstopCommand c => new BackstopSet(c.Account, c.Enabled),
                MarkCommand c => new Marked(c.Market, ToPrice(ledger, c.Market, c.Price, line)),
                TradeCommand c => Trade(ledger, c, line),
                _ => throw new InvalidOperationException($"setup line {line}: unexpected command {command.GetType().Name}"),
            };
            e = e with { Seq = ledger.LastSeq + 1, Cmd = line };
            ledger.Apply(e);
            events.Add(e);
            if (command is TradeCommand t)
                foreach (var id in new[] { t.Buyer, t.Seller })
                    if (ledger.Account(id) is { } a && Risk.IsBelowMaintenance(ledger, a))
                        throw new InvalidOperationException($"setup line {line}: {id} would be liquidated by its opening trade");
        }

        return events;
    }

    private static Price ToPrice(Ledger ledger, MarketId market, decimal price, int line)
    {
        var spec = (ledger.Market(market) ?? throw new InvalidOperationException($"setup line {line}: market {market} is not listed")).Spec;
        return spec.TryPrice(price, out var p, out var error) ? p : throw new InvalidOperationException($"setup line {line}: {error}");
    }

    private static Traded Trade(Ledger ledger, TradeCommand c, int line)
    {
        var market = ledger.Market(c.Market) ?? throw new InvalidOperationException($"setup line {line}: market {c.Market} is not listed");
        var price = ToPrice(ledger, c.Market, c.Price, line);
        if (!market.Spec.TryQuantity(c.Quantity, out var quantity, out var error) || quantity.Lots <= 0)
            throw new InvalidOperationException($"setup line {line}: {error ?? "quantity must be positive"}");
        Check(c.Buyer, quantity);
        Check(c.Seller, -quantity);
        return new Traded(c.Market, c.Buyer, c.Seller, price, quantity);

        void Check(AccountId id, Quantity delta)
        {
            var account = ledger.Account(id) ?? throw new InvalidOperationException($"setup line {line}: {id} has no deposit");
            var before = account.QuantityIn(market.Id);
            var after = before + delta;
            bool reducing = Math.Abs(after.Lots) <= Math.Abs(before.Lots) && (after.IsZero || after.Sign == before.Sign);
            if (reducing)
                return;
            var (equity, initial) = Risk.AfterFill(ledger, account, market, delta, price);
            if (equity < initial)
                throw new InvalidOperationException($"setup line {line}: the engine would reject this trade: {id} would have equity {equity} below initial margin {initial}");
        }
    }

    /// <summary>Executes the setup through the engine, command by command (quadratic; for tests and small populations).</summary>
    public static IReadOnlyList<EngineEvent> ExecutedSetupEvents(PreparedSimulation sim, Policy policy)
    {
        var engine = new ClearingEngine();
        var all = new List<EngineEvent>(sim.SetupCommands.Count * 2);
        all.AddRange(engine.Execute(policy.Command(), 1));
        for (int i = 0; i < sim.SetupCommands.Count; i++)
        {
            var produced = engine.Execute(sim.SetupCommands[i], i + 2);
            foreach (var e in produced)
            {
                if (e is Rejected r)
                    throw new InvalidOperationException($"setup line {i + 2} was rejected ({r.Reason}): {sim.SetupLines[i]}");
                if (e is Liquidated)
                    throw new InvalidOperationException($"setup line {i + 2} liquidated an account: {sim.SetupLines[i]}");
            }

            all.AddRange(produced);
        }

        return all.Skip(1).ToArray();
    }

    /// <summary>Runs one policy: setup (from events, or command by command when null), then the crash.</summary>
    /// <param name="sim">The prepared simulation.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="setupEvents">The setup as events (<see cref="SetupEvents"/>), or null to execute it command by command.</param>
    /// <param name="progress">Gets the number of steps done.</param>
    /// <param name="waves">Also measure every wave of socialization by the second, counterfactual pass (<see cref="WaveAnalysis"/>).</param>
    /// <param name="waveGap">The wave gap (default 5 s, the paper's).</param>
    public static PolicyResult RunPolicy(PreparedSimulation sim, Policy policy, IReadOnlyList<EngineEvent>? setupEvents, Action<int>? progress = null,
        bool waves = true, TimeSpan? waveGap = null)
    {
        var sw = Stopwatch.StartNew();
        var collector = new MetricsCollector(sim);
        var engine = Start(sim, policy, setupEvents, collector.Attribution.Observe);
        int line = 2 + sim.SetupCommands.Count;
        var series = new List<StepPoint>(sim.Path.Count);
        for (int s = 0; s < sim.Path.Count; s++)
        {
            collector.BeginStep();
            collector.Observe(engine.Execute(sim.CrashCommands[2 * s], line++));
            collector.Observe(engine.Execute(sim.CrashCommands[2 * s + 1], line++));
            var step = sim.Path[s];
            series.Add(new StepPoint(s, step.Time, step.Price, Usd(engine.Ledger.Insurance.Balance), Usd(engine.Ledger.Deficit),
                collector.StepLiquidations, collector.StepAdlFills, Usd(collector.Attribution.Socialized)));
            if ((s & 15) == 15 || s == sim.Path.Count - 1)
                progress?.Invoke(s + 1);
        }

        var metrics = SimulationMetrics.From(collector.Attribution.Summarize(engine.Ledger));
        var hash = StateHash.Compute(engine.Ledger);
        var waveResults = waves
            ? WaveAnalysis.Run(() => Start(sim, policy, setupEvents, null), sim.WaveSteps(2 + sim.SetupCommands.Count), collector.Touched, waveGap)
            : [];
        if (waves)
            metrics = metrics with { Overshoot = Usd(WaveTotals.Of(waveResults).Overshoot) }; // one definition with compare's and results.json's
        var haircuts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, h) in collector.Attribution.Haircuts)
            if (h > 0)
                haircuts[id] = h / 1e6;
        return new PolicyResult(policy, metrics, series, haircuts, collector.AdlLeverages, hash, sw.Elapsed)
        {
            AdlFillList = collector.Fills,
            Waves = waveResults,
        };
    }

    /// <summary>
    /// A new engine under <paramref name="policy"/> holding the opened positions, before the first path step; every event
    /// of the set-up goes to <paramref name="observe"/>.
    /// </summary>
    private static ClearingEngine Start(PreparedSimulation sim, Policy policy, IReadOnlyList<EngineEvent>? setupEvents, Action<IEnumerable<EngineEvent>>? observe)
    {
        // Setup events applied straight to the ledger bypass the engine; it notices (the ledger's sequence moved)
        // and rebuilds its liquidation index before the next command, so the indexed sweep sees every account.
        var engine = new ClearingEngine();
        var first = engine.Execute(policy.Command(), 1);
        if (first.Any(e => e is Rejected))
            throw new InvalidOperationException($"policy {policy.Name}: the engine rejected its config: {policy.ConfigLine}");
        observe?.Invoke(first);
        int line = 2;
        if (setupEvents is null)
        {
            foreach (var c in sim.SetupCommands)
                observe?.Invoke(engine.Execute(c, line++));
        }
        else
        {
            foreach (var e in setupEvents)
                engine.Ledger.Apply(e);
            observe?.Invoke(setupEvents);
        }

        return engine;
    }

    internal static double Usd(Money m) => m.Micros / 1e6;

    /// <summary>
    /// Reads the engine's events: who paid what through the one <see cref="LossAttribution"/>, and what only the simulator
    /// draws (per-step counts, the ADL fills with their mark and step, the winners each step charged).
    /// </summary>
    private sealed class MetricsCollector(PreparedSimulation sim)
    {
        private readonly HashSet<string> _adlAccounts = new(StringComparer.Ordinal);
        private readonly List<double> _adlLeverages = [];
        private readonly List<AdlFill> _fills = [];
        private readonly List<HashSet<AccountId>> _touched = [];
        private int _step = -1;

        /// <summary>The hedged traders and market makers hedge outside the one simulated market.</summary>
        public LossAttribution Attribution { get; } = new(id =>
            sim.Population.ById.TryGetValue(id, out var t) && t.Kind is TraderKind.Hedged or TraderKind.MarketMaker);

        public int StepLiquidations { get; private set; }

        public int StepAdlFills { get; private set; }

        public IReadOnlyList<double> AdlLeverages => _adlLeverages;

        public IReadOnlyList<AdlFill> Fills => _fills;

        /// <summary>Per path step, the winners its socialization charged.</summary>
        public IReadOnlyList<IReadOnlyCollection<AccountId>> Touched => _touched;

        public void BeginStep()
        {
            _touched.Add([]);
            _step++;
            StepLiquidations = 0;
            StepAdlFills = 0;
        }

        public void Observe(IReadOnlyList<EngineEvent> events)
        {
            foreach (var e in events)
            {
                if (WaveAnalysis.Charged(e) is { } charged && _touched.Count > 0)
                    _touched[^1].Add(charged);
                switch (e)
                {
                    case Liquidated:
                        StepLiquidations++;
                        break;
                    case Deleveraged d:
                    {
                        StepAdlFills++;
                        // read before the attribution applies the fill: the market's mark and the winner's side as they stand
                        var market = Attribution.State.Markets[d.Market.Value];
                        var spec = market.Spec;
                        var side = Attribution.State.Account(d.Account)!.QuantityIn(d.Market).Sign;
                        _fills.Add(new AdlFill(d.Account.Value, d.Counterparty.Value, side * spec.ToDecimal(d.Quantity), spec.ToDecimal(d.Price),
                            market.Mark is { } mark ? spec.ToDecimal(mark) : 0m, Math.Max(0, _step)));
                        if (_adlAccounts.Add(d.Account.Value))
                            _adlLeverages.Add(sim.Population.ById.TryGetValue(d.Account.Value, out var t) ? t.Leverage : double.NaN);
                        break;
                    }
                }

                Attribution.Observe(e);
            }
        }
    }
}
