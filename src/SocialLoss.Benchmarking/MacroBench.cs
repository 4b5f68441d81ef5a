using System.Diagnostics;
using HdrHistogram;
using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Oracle;
using CoreCommand = SocialLoss.Core.Commands.Command;

namespace SocialLoss.Benchmarking;

/// <summary>
/// The macro benchmark behind <c>socialloss bench</c>: a <see cref="CrashWorkload"/> seeded and replayed through the Core
/// engine and through the naive <see cref="OracleEngine"/>, with latency per command type, memory per account and the
/// final state hash of each.
/// </summary>
internal static class MacroBench
{
    /// <summary>Seeds and replays the workload through the Core engine.</summary>
    public static CrashRun RunCore(CrashWorkload workload, Action<string> progress)
    {
        var result = new CrashRun { Engine = "engine" };
        Collect();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var engine = new ClearingEngine();
        int line = WorkloadDriver.Seed(engine, workload, fillsAsTrades: false,
            (done, total) => progress($"engine: seeding {done:N0}/{total:N0} positions"));
        // The positions were applied as ledger events: the liquidation index over them is built here, as part of the
        // population (a venue's index grows with its trades); the crash replay then times the crash alone.
        var index = Stopwatch.StartNew();
        engine.Prepare();
        result.IndexSeconds = index.Elapsed.TotalSeconds;
        result.SetupSeconds = sw.Elapsed.TotalSeconds;
        Collect();
        result.ManagedBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        progress($"engine: population ready in {result.SetupSeconds:F1} s; replaying the crash");

        Replay(workload.Crash, result, "engine", progress, c => engine.Execute(c, line++));
        result.PeakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;
        Collect();
        result.ManagedBytesAfterCrash = GC.GetTotalMemory(forceFullCollection: true) - before;
        result.Hash = StateHash.Compute(engine.Ledger);
        GC.KeepAlive(engine);
        return result;
    }

    /// <summary>Seeds and replays the workload through the oracle; its state hash is that of a ledger rebuilt from its events.</summary>
    public static CrashRun RunOracle(CrashWorkload workload, Action<string> progress)
    {
        var result = new CrashRun { Engine = "reference" };
        Collect();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var engine = new OracleEngine(keepLog: true);
        int line = WorkloadDriver.Seed(engine, workload, fillsAsTrades: false);
        result.SetupSeconds = sw.Elapsed.TotalSeconds;
        Collect();
        result.ManagedBytes = GC.GetTotalMemory(forceFullCollection: true) - before; // includes its event log
        progress($"reference: population ready in {result.SetupSeconds:F1} s; replaying the crash");

        Replay(workload.Crash, result, "reference", progress, c => engine.Execute(c, line++));
        result.PeakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;
        progress("reference: rebuilding a ledger from its events for the state hash");
        result.Hash = StateHash.Compute(engine.ToLedger());
        return result;
    }

    private static void Replay(IReadOnlyList<CoreCommand> crash, CrashRun result, string name, Action<string> progress, Func<CoreCommand, IReadOnlyList<EngineEvent>> execute)
    {
        double tickToNs = 1e9 / Stopwatch.Frequency;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        long lastReport = 0;
        for (int i = 0; i < crash.Count; i++)
        {
            var c = crash[i];
            long t0 = Stopwatch.GetTimestamp();
            var events = execute(c);
            long ns = (long)((Stopwatch.GetTimestamp() - t0) * tickToNs);
            string type = TypeName(c, events);
            if (!result.Latency.TryGetValue(type, out var h))
                result.Latency[type] = h = new LongHistogram(3_600_000_000_000L, 3);
            h.RecordValue(Math.Max(1, ns));
            foreach (var e in events)
            {
                if (e is Liquidated)
                    result.Liquidations++;
                else if (e is Deleveraged)
                    result.AdlFills++;
            }

            result.Events += events.Count;
            if (total.ElapsedMilliseconds - lastReport > 2_000)
            {
                lastReport = total.ElapsedMilliseconds;
                progress($"{name}: {i + 1:N0}/{crash.Count:N0} commands, {result.Liquidations:N0} liquidations, {result.AdlFills:N0} ADL fills, {total.Elapsed.TotalSeconds:F0} s");
            }
        }

        result.CrashSeconds = total.Elapsed.TotalSeconds;
        result.CrashCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        result.Commands = crash.Count;
    }

    /// <summary>The command type, with marks split by whether they liquidated anyone.</summary>
    private static string TypeName(CoreCommand c, IReadOnlyList<EngineEvent> events)
    {
        bool liquidated = false;
        foreach (var e in events)
            if (e is Liquidated)
            {
                liquidated = true;
                break;
            }

        string name = c switch
        {
            SocialLoss.Core.Commands.MarkCommand => "mark",
            SocialLoss.Core.Commands.TradeCommand => "trade",
            SocialLoss.Core.Commands.FundingCommand => "funding",
            SocialLoss.Core.Commands.BookCommand => "book",
            SocialLoss.Core.Commands.DepositCommand => "deposit",
            SocialLoss.Core.Commands.WithdrawCommand => "withdraw",
            _ => c.GetType().Name,
        };
        if (events.Count == 1 && events[0] is Rejected)
            return name + " (rejected)";
        return liquidated ? name + " (liquidating)" : name;
    }

    /// <summary>Three collections: what is left on the heap is what the run holds.</summary>
    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
