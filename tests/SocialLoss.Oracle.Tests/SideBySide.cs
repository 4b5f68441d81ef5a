using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Benchmarking;
using SocialLoss.Oracle;

namespace SocialLoss.Oracle.Tests;

/// <summary>Runs commands through Core and the reference side by side and reports the first difference.</summary>
internal sealed class SideBySide
{
    public ClearingEngine Core { get; } = new();
    public OracleEngine Oracle { get; } = new();
    private readonly List<string> _coreLines = [];
    private readonly List<string> _refLines = [];
    public int Liquidations { get; private set; }
    public int AdlFills { get; private set; }
    public int Clawbacks { get; private set; }
    public int BadDebts { get; private set; }
    public int Deficits { get; private set; }
    public int BookFills { get; private set; }
    public int BackstopFills { get; private set; }
    public int IndexFundings { get; private set; }
    public int PriceBandRejections { get; private set; }

    /// <summary>Commands in which two or more liquidations were announced before the first ADL fill (a pooled ADL, per wave).</summary>
    public int PooledAdls { get; private set; }

    public void Run(Command c, int line)
    {
        var core = Core.Execute(c, line);
        IReadOnlyList<EngineEvent> mine;
        try
        {
            mine = Oracle.Execute(c, line);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"reference threw on line {line} {CrashWorkload.Jsonl(c)}: {e}");
        }

        Compare(core, mine, line, c);
    }

    private void Compare(IReadOnlyList<EngineEvent> core, IReadOnlyList<EngineEvent> mine, int line, Command c)
    {
        var writer = new EventWriter(Core.Ledger);
        var a = core.Select(writer.Format).ToList();
        var b = mine.Select(writer.Format).ToList();
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? a[i] : "(none)";
            var y = i < b.Count ? b[i] : "(none)";
            if (x != y)
                throw new Xunit.Sdk.XunitException($"line {line} {CrashWorkload.Jsonl(c)}: event {i + 1} of {a.Count}/{b.Count} differs\n core: {x}\n  ref: {y}");
        }

        int announced = 0;
        foreach (var e in core)
        {
            if (e is Liquidated)
                announced++;
            else if (e is Deleveraged)
            {
                if (announced >= 2)
                    PooledAdls++;
                break;
            }
        }

        foreach (var e in core)
        {
            switch (e)
            {
                case Liquidated: Liquidations++; break;
                case Deleveraged: AdlFills++; break;
                case ClawedBack: Clawbacks++; break;
                case BadDebt: BadDebts++; break;
                case DeficitChanged: Deficits++; break;
                case ClosedOut { Via: CloseOutVia.Book }: BookFills++; break;
                case ClosedOut { Via: CloseOutVia.Backstop }: BackstopFills++; break;
                case FundingIndexed: IndexFundings++; break;
                case Rejected { Code: RejectCode.PriceBand }: PriceBandRejections++; break;
            }
        }
    }

    /// <summary>
    /// A whole workload through both engines: set-up, population (fills as trades), crash; <paramref name="timed"/> stamps
    /// the crash's commands a second apart (<see cref="CrashStart"/>), as the simulator stamps its path.
    /// </summary>
    public static SideBySide Run(CrashWorkload w, bool timed = false)
    {
        var sides = new SideBySide();
        int line = sides.Seed(w);
        for (int i = 0; i < w.Crash.Count; i++)
            sides.Run(timed ? w.Crash[i] with { Time = new Timestamp(CrashStart.UnixMicroseconds + i * Timestamp.MicrosPerSecond) } : w.Crash[i], ++line);
        return sides;
    }

    /// <summary>The time of a timed crash's first command (the 10 Oct 2025 crash's first minute), one second a command after it.</summary>
    public static Timestamp CrashStart { get; } = Timestamp.TryParse("2025-10-10T21:00:00Z", out var t) ? t : throw new InvalidOperationException();

    /// <summary>Set-up and population through both engines, fills as trade commands.</summary>
    public int Seed(CrashWorkload w)
    {
        int line = 0;
        foreach (var c in w.Setup)
            Run(c, ++line);
        foreach (var f in w.Fills)
            Run(WorkloadDriver.Trade(f), ++line);
        return line;
    }

    public (string Core, string Reference, string Rebuilt) Hashes()
    {
        var rebuilt = new Ledger();
        foreach (var e in Oracle.Log)
            rebuilt.Apply(e);
        return (StateHash.Compute(Core.Ledger), StateHash.Compute(Oracle.ToLedger()), StateHash.Compute(rebuilt));
    }
}
