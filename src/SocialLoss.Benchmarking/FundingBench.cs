using System.Diagnostics;
using HdrHistogram;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Benchmarking;

/// <summary>What a run of fundings over one market's holders cost.</summary>
internal sealed class FundingRun
{
    public int Holders { get; init; }
    public double SetupSeconds { get; set; }

    /// <summary>Nanoseconds per funding.</summary>
    public LongHistogram Latency { get; } = new(3_600_000_000_000L, 3);

    /// <summary>Events of the last funding (one <c>funded</c> per holder that paid or received a micro-unit).</summary>
    public int EventsPerFunding { get; set; }

    /// <summary>Bytes allocated by the last funding.</summary>
    public long AllocatedBytes { get; set; }
}

/// <summary>
/// The funding micro-benchmark of <c>socialloss bench --funding-holders N</c>: the crash workload's population of N
/// holders (one BTC-PERP position each), a mark, then fundings of ±0.01% alternating (so balances stay put), each timed;
/// under <see cref="FundingMode.PerAccount"/> (contract v1: an event per holder) or <see cref="FundingMode.Index"/> (one event).
/// Kept apart from the crash, whose fundings are at most hourly in path time.
/// </summary>
internal static class FundingBench
{
    public static FundingRun Run(int holders, int fundings, Action<string> progress, FundingMode mode = FundingMode.PerAccount)
    {
        var run = new FundingRun { Holders = holders };
        var sw = Stopwatch.StartNew();
        var workload = CrashWorkload.Generate(new CrashWorkloadOptions(holders, Commands: 2, Funding: mode));
        string name = mode == FundingMode.Index ? "funding (index)" : "funding";
        var engine = new ClearingEngine();
        int line = WorkloadDriver.Seed(engine, workload, fillsAsTrades: false,
            (done, total) => progress($"funding: seeding {done:N0}/{total:N0} positions"));
        var market = new MarketId(CrashWorkload.Market);
        var events = new List<EngineEvent>(holders + 16);
        engine.Execute(new MarkCommand(market, 50_000m), line++, events);
        run.SetupSeconds = sw.Elapsed.TotalSeconds;
        progress($"{name}: {holders:N0} holders ready in {run.SetupSeconds:F1} s; {fundings} fundings");
        for (int k = 0; k < fundings; k++)
        {
            events.Clear();
            var funding = new FundingCommand(market, new Rate(k % 2 == 0 ? 100_000 : -100_000));
            MacroBench.Collect();
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            long t0 = Stopwatch.GetTimestamp();
            engine.Execute(funding, line++, events);
            long ns = (long)((Stopwatch.GetTimestamp() - t0) * (1e9 / Stopwatch.Frequency));
            run.AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            run.Latency.RecordValue(Math.Max(1, ns));
            run.EventsPerFunding = events.Count;
            progress($"{name} {k + 1}/{fundings}: {ns / 1e6:F1} ms, {events.Count:N0} events");
        }

        GC.KeepAlive(engine);
        return run;
    }
}
