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
                ListMarketCommand c => new MarketListed(MarketSpec.Create(c.Market, c.TickSize, c.LotSize, c.InitialMargin, c.MaintenanceMargin, c.LiquidationFee, c.Tiers, out var error)
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
        var engine = Start(sim, policy, setupEvents);
        int line = 2 + sim.SetupCommands.Count;
        var market = engine.Ledger.Market(new MarketId(sim.Scenario.Market.Name))!;
        var collector = new MetricsCollector(sim, market);
        var series = new List<StepPoint>(sim.Path.Count);
        for (int s = 0; s < sim.Path.Count; s++)
        {
            collector.BeginStep();
            collector.Observe(engine.Execute(sim.CrashCommands[2 * s], line++));
            collector.Observe(engine.Execute(sim.CrashCommands[2 * s + 1], line++));
            var step = sim.Path[s];
            series.Add(new StepPoint(s, step.Time, step.Price, Usd(engine.Ledger.Insurance.Balance), Usd(engine.Ledger.Deficit),
                collector.StepLiquidations, collector.StepAdlFills, collector.AdlLoss + collector.Clawbacks));
            if ((s & 15) == 15 || s == sim.Path.Count - 1)
                progress?.Invoke(s + 1);
        }

        var metrics = collector.Finish(engine.Ledger);
        var hash = StateHash.Compute(engine.Ledger);
        var waveResults = waves
            ? WaveAnalysis.Run(() => Start(sim, policy, setupEvents), sim.WaveSteps(2 + sim.SetupCommands.Count), collector.Touched, waveGap)
            : [];
        return new PolicyResult(policy, metrics, series, collector.Haircuts, collector.AdlLeverages, hash, sw.Elapsed)
        {
            AdlFillList = collector.Fills,
            Waves = waveResults,
        };
    }

    /// <summary>A new engine under <paramref name="policy"/> holding the opened positions, before the first path step.</summary>
    private static ClearingEngine Start(PreparedSimulation sim, Policy policy, IReadOnlyList<EngineEvent>? setupEvents)
    {
        // Setup events applied straight to the ledger bypass the engine; it notices (the ledger's sequence moved)
        // and rebuilds its liquidation index before the next command, so the indexed sweep sees every account.
        var engine = new ClearingEngine();
        var first = engine.Execute(policy.Command(), 1);
        if (first.Any(e => e is Rejected))
            throw new InvalidOperationException($"policy {policy.Name}: the engine rejected its config: {policy.ConfigLine}");
        int line = 2;
        if (setupEvents is null)
        {
            foreach (var c in sim.SetupCommands)
                engine.Execute(c, line++);
        }
        else
        {
            foreach (var e in setupEvents)
                engine.Ledger.Apply(e);
        }

        return engine;
    }

    internal static double Usd(Money m) => m.Micros / 1e6;

    /// <summary>Reads the engine's events into the metrics.</summary>
    private sealed class MetricsCollector(PreparedSimulation sim, MarketState market)
    {
        private readonly MarketSpec _spec = market.Spec;
        private readonly Dictionary<string, double> _haircuts = new(StringComparer.Ordinal);
        private readonly HashSet<string> _adlAccounts = new(StringComparer.Ordinal);
        private readonly List<double> _adlLeverages = [];
        private readonly List<AdlFill> _fills = [];
        private readonly List<HashSet<AccountId>> _touched = [];
        private int _step = -1;
        private readonly Dictionary<string, double> _shortfall = new(StringComparer.Ordinal);
        private readonly HashSet<string> _socializedFor = new(StringComparer.Ordinal);
        private decimal _mark;
        private int _liquidatedSide;
        private int _liquidations, _adlFills, _rejected;
        private double _liqNotional, _bookNotional, _fundNotional, _badDebt, _fundUsed, _fundInflow, _adlNotional, _coveredShortfall;

        public double AdlLoss { get; private set; }

        public double Clawbacks { get; private set; }

        public int StepLiquidations { get; private set; }

        public int StepAdlFills { get; private set; }

        public IReadOnlyDictionary<string, double> Haircuts => _haircuts;

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
                    case Marked m:
                        _mark = _spec.ToDecimal(m.Price);
                        break;
                    case Liquidated l:
                        _liquidations++;
                        StepLiquidations++;
                        _liquidatedSide = l.Quantity.Sign;
                        _liqNotional += Usd(_spec.Notional(l.Quantity, l.Price));
                        _shortfall[l.Account.Value] = Math.Max(0, -Usd(l.Equity));
                        _socializedFor.Remove(l.Account.Value);
                        break;
                    case ClosedOut c:
                        var n = Usd(_spec.Notional(c.Quantity, c.Price));
                        if (c.Via == CloseOutVia.Book)
                            _bookNotional += n;
                        else if (c.Via == CloseOutVia.Fund)
                            _fundNotional += n;
                        break;
                    case Deleveraged d:
                        _adlFills++;
                        StepAdlFills++;
                        var price = _spec.ToDecimal(d.Price);
                        var qty = _spec.ToDecimal(d.Quantity);
                        _adlNotional += (double)(qty * price);
                        _fills.Add(new AdlFill(d.Account.Value, d.Counterparty.Value, -_liquidatedSide * qty, price, _mark, Math.Max(0, _step)));
                        // the winner is on the other side of the liquidated position
                        var loss = (double)(-_liquidatedSide * qty * (_mark - price));
                        if (loss > 0)
                        {
                            AdlLoss += loss;
                            Add(d.Account.Value, loss);
                            Socialized(d.Counterparty.Value);
                        }

                        if (_adlAccounts.Add(d.Account.Value))
                            _adlLeverages.Add(sim.Population.ById.TryGetValue(d.Account.Value, out var t) ? t.Leverage : double.NaN);
                        break;
                    case BadDebt b:
                        _badDebt += Usd(b.Amount);
                        break;
                    case InsuranceFundChanged f:
                        if (f.Reason == FundReason.BadDebt)
                            _fundUsed -= Usd(f.Change);
                        else if (f.Reason is FundReason.LiquidationFee or FundReason.CloseoutSurplus)
                            _fundInflow += Usd(f.Change);
                        break;
                    case ClawedBack cb:
                        var amount = Usd(cb.Amount);
                        Clawbacks += amount;
                        Add(cb.Account.Value, amount);
                        _coveredShortfall += amount; // a clawback takes exactly the bad debt left after the fund
                        break;
                    case Rejected:
                        _rejected++;
                        break;
                }
            }
        }

        private void Add(string account, double amount) =>
            _haircuts[account] = _haircuts.GetValueOrDefault(account) + amount;

        private void Socialized(string bankrupt)
        {
            if (_socializedFor.Add(bankrupt))
                _coveredShortfall += _shortfall.GetValueOrDefault(bankrupt);
        }

        public PolicyMetrics Finish(Ledger ledger)
        {
                        double largestShare = 0;
            foreach (var (id, h) in _haircuts)
            {
                if (h <= 0 || ledger.Account(new AccountId(id)) is not { } account)
                    continue;
                var without = Usd(Risk.Equity(ledger, account)) + h; // what the account would have ended with
                if (without > 0)
                    largestShare = Math.Max(largestShare, Math.Min(1, h / without));
            }

            double kept = 0;
            int hedgedBroken = 0;
            foreach (var t in sim.Population.Traders)
            {
                var account = ledger.Account(new AccountId(t.Id));
                if (account is not null)
                    kept += Math.Max(0, Usd(Risk.Equity(ledger, account)) - (double)t.Deposit);
                if (t.Kind is TraderKind.Hedged or TraderKind.MarketMaker && _adlAccounts.Contains(t.Id))
                    hedgedBroken++;
            }

            var socialized = AdlLoss + Clawbacks;
            return new PolicyMetrics(_liquidations, _liqNotional, _bookNotional, _fundNotional, _badDebt, _fundUsed, _fundInflow,
                Usd(ledger.Insurance.Balance), AdlLoss, Clawbacks, Usd(ledger.Deficit), _adlNotional, _adlFills,
                _haircuts.Count(kv => kv.Value > 0) + _adlAccounts.Count(a => !_haircuts.ContainsKey(a)), _adlAccounts.Count,
                largestShare, Statistics.Gini(_haircuts.Values), Statistics.TopShare(_haircuts.Values, 0.01), hedgedBroken,
                Math.Max(0, socialized - _coveredShortfall), kept, _rejected);
        }
    }
}
