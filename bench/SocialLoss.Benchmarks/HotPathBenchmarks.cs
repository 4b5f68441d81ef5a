using BenchmarkDotNet.Attributes;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;
using SocialLoss.Benchmarking;

namespace SocialLoss.Benchmarks;

/// <summary>
/// The pieces of a trade line's hot path apart: the price and size conversion to ticks and lots, the name look-up of the
/// parser, and a trade between random accounts of the population (each a cache miss, as in the trade/mark workload).
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const int Batch = 1_024;

    private readonly List<EngineEvent> _events = [];
    private MarketSpec _spec = null!;
    private decimal[] _prices = null!, _quantities = null!;
    private byte[][] _names = null!;
    private readonly Utf8Interner _interner = new();
    private ClearingEngine _engine = null!;
    private TradeCommand[] _trades = null!;
    private int _line, _next;

    [Params(100_000)]
    [SmallInput(2_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        (_engine, _, _line) = Populations.Crash(Accounts);
        _engine.Execute(new MarkCommand(Populations.Btc, 50_000m), _line++);
        _spec = _engine.Ledger.Market(Populations.Btc)!.Spec;
        _prices = [.. Enumerable.Range(0, Batch).Select(_ => 50_000m + 0.1m * rng.Next(-500, 501))];
        _quantities = [.. Enumerable.Range(0, Batch).Select(_ => 0.001m * rng.Next(1, 21))];
        _names = [.. Enumerable.Range(0, Batch).Select(_ => System.Text.Encoding.UTF8.GetBytes(CrashWorkload.AccountName(rng.Next(Accounts))))];
        foreach (var n in _names)
            _interner.Intern(n);
        // Pairs that trade back and forth (each pair twice, opposite ways), so positions stay where the population put them.
        _trades = new TradeCommand[2 * Batch];
        for (int i = 0; i < Batch; i++)
        {
            int a = rng.Next(Accounts), b = (a + 1 + rng.Next(Accounts - 1)) % Accounts;
            var (x, y) = (new AccountId(CrashWorkload.AccountName(a)), new AccountId(CrashWorkload.AccountName(b)));
            _trades[2 * i] = new TradeCommand(Populations.Btc, x, y, 50_000m, 0.001m);
            _trades[2 * i + 1] = new TradeCommand(Populations.Btc, y, x, 50_000m, 0.001m);
        }
    }

    /// <summary>A trade line's price and quantity to ticks and lots (integer arithmetic on the decimal's parts).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    [AllocationBudget(0, Because = "converting a price and a size allocates nothing")]
    public long PriceAndQuantityToTicksAndLots()
    {
        long sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            _spec.TryPrice(_prices[i], out var p, out _);
            _spec.TryQuantity(_quantities[i], out var q, out _);
            sum += p.Ticks + q.Lots;
        }

        return sum;
    }

    /// <summary>The parser's look-up of an account name it has seen (every name of a steady stream).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    [AllocationBudget(0, Because = "a name seen before is the string already held")]
    public int InternSeenName()
    {
        int n = 0;
        foreach (var name in _names)
            n += _interner.Intern(name).Length;
        return n;
    }

    /// <summary>A trade between two random population accounts (the next of a shuffled list of back-and-forth pairs).</summary>
    [Benchmark]
    [AllocationBudget(EngineBenchmarks.TradedBytes, Because = "a trade allocates nothing but its Traded event, whichever accounts trade")]
    public List<EngineEvent> TradeRandomAccounts()
    {
        _events.Clear();
        _engine.Execute(_trades[_next], _line++, _events);
        _next = (_next + 1) % _trades.Length;
        return _events;
    }
}
