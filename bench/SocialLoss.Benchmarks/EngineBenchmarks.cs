using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Benchmarking;
using SocialLoss.Oracle;

namespace SocialLoss.Benchmarks;

/// <summary>Steady-state commands on a population of 100,000 accounts: a trade, and a mark that liquidates nobody.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    /// <summary>
    /// The one object a trade must allocate: its <see cref="Traded"/> event (header and method table 16, three names 24,
    /// price and quantity 16, seq and cmd 16). Events are the engine's output and outlive the command; everything else
    /// — the event list (the caller's, reused), the accounts' look-ups, the index refresh — allocates nothing.
    /// </summary>
    public const long TradedBytes = 72;

    /// <summary>The one object a mark that liquidates nobody must allocate: its <see cref="Marked"/> event.</summary>
    public const long MarkedBytes = 48;

    private readonly List<EngineEvent> _events = [];
    private ClearingEngine _engine = null!;
    private TradeCommand _buy = null!, _sell = null!;
    private MarkCommand _up = null!, _down = null!;
    private int _line;
    private bool _flip;

    [Params(100_000)]
    [SmallInput(2_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_engine, _, _line) = Populations.Crash(Accounts);
        _engine.Execute(new MarkCommand(Populations.Btc, 50_000m), _line++);
        var a = new AccountId(CrashWorkload.AccountName(2));
        var b = new AccountId(CrashWorkload.AccountName(3));
        _buy = new TradeCommand(Populations.Btc, a, b, 50_000m, 0.001m);
        _sell = new TradeCommand(Populations.Btc, b, a, 50_000m, 0.001m);
        _up = new MarkCommand(Populations.Btc, 50_000.1m);
        _down = new MarkCommand(Populations.Btc, 50_000m);
    }

    /// <summary>A trade between two population accounts (alternating direction so positions stay put).</summary>
    [Benchmark]
    [AllocationBudget(TradedBytes, Because = "a trade allocates nothing but its Traded event")]
    public List<EngineEvent> Trade()
    {
        _events.Clear();
        _engine.Execute((_flip = !_flip) ? _buy : _sell, _line++, _events);
        return _events;
    }

    /// <summary>A mark one tick away that liquidates nobody.</summary>
    [Benchmark]
    [AllocationBudget(MarkedBytes, Because = "a quiet mark allocates nothing but its Marked event")]
    public List<EngineEvent> MarkWithoutLiquidation()
    {
        _events.Clear();
        _engine.Execute((_flip = !_flip) ? _up : _down, _line++, _events);
        return _events;
    }
}

/// <summary>A mark that liquidates about 5% of a 10,000-account population at once (fresh population every time).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 8, invocationCount: 1)]
public class LiquidationBenchmarks
{
    private ClearingEngine _engine = null!;
    private int _line;

    [Params(10_000)]
    public int Accounts { get; set; }

    [IterationSetup(Target = nameof(MarkWithLiquidations))]
    public void SetupCrash()
    {
        (_engine, _, _line) = Populations.Crash(Accounts);
        _engine.Execute(new MarkCommand(Populations.Btc, 50_000m), _line++);
    }

    /// <summary>Mark 4% down in one step: the high-leverage longs are liquidated (book, backstops, ADL).</summary>
    [Benchmark]
    public IReadOnlyList<EngineEvent> MarkWithLiquidations() => _engine.Execute(new MarkCommand(Populations.Btc, 48_000m), _line++);

    [IterationSetup(Target = nameof(OneLiquidationAdlQueue100k))]
    public void SetupQueue() => _engine = Populations.AdlQueue(100_000);

    /// <summary>One 1-BTC long liquidated straight into ADL against 100,001 opposing shorts.</summary>
    [Benchmark]
    public IReadOnlyList<EngineEvent> OneLiquidationAdlQueue100k() => _engine.Execute(new MarkCommand(Populations.Btc, 49_200m), 1_000_000);
}

/// <summary>Exact pro-rata splits over a million winners.</summary>
[MemoryDiagnoser]
public class ProRataBenchmarks
{
    private long[] _weights = null!, _caps = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _weights = new long[1_000_000];
        _caps = new long[_weights.Length];
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = rng.NextInt64(1, 5_000_000_000);       // profits up to 5,000 units, in micro-units
            _caps[i] = _weights[i] / (1 + i % 4);                 // caps binding for some
        }
    }

    /// <summary>Largest-remainder split of 123,456.789012 over 1,000,000 weights.</summary>
    [Benchmark]
    public long[] LargestRemainder1M() => LargestRemainder.Split(123_456_789_012, _weights);

    /// <summary>Capped pro-rata (water-filling) of 1,000,000,000 units over 1,000,000 winners with caps.</summary>
    [Benchmark]
    public long[] WaterFilling1M() => WaterFilling.Allocate(1_000_000_000_000_000, _weights, _caps);
}

/// <summary>JSONL parsing of the crash workload's lines (trades, marks, funding, book, deposits).</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private string[] _lines = null!;

    [GlobalSetup]
    public void Setup() =>
        _lines = CrashWorkload.Generate(new CrashWorkloadOptions(Accounts: 2_000, Commands: 10_000)).Crash.Select(CrashWorkload.Jsonl).ToArray();

    /// <summary>Parses 10,000 lines; the figure is per line.</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public int Parse()
    {
        int n = 0;
        foreach (var line in _lines)
            if (Contract.CommandParser.Parse(line) is not null)
                n++;
        return n;
    }
}
