using HdrHistogram;

namespace SocialLoss.Benchmarking;

/// <summary>What one engine did with a crash workload: set-up and replay time, counts, memory, latency per command type, state hash.</summary>
internal sealed class CrashRun
{
    /// <summary>"engine" or "reference" (the oracle).</summary>
    public string Engine { get; init; } = "";
    public double SetupSeconds { get; set; }

    /// <summary>Of the set-up, building the engine's liquidation index over the seeded population (0 for the oracle, which has none).</summary>
    public double IndexSeconds { get; set; }
    public double CrashSeconds { get; set; }
    public int Commands { get; set; }
    public int Liquidations { get; set; }
    public int AdlFills { get; set; }
    public int Events { get; set; }

    /// <summary>Managed heap the population holds once seeded (the oracle's includes its event log).</summary>
    public long ManagedBytes { get; set; }
    /// <summary>Managed heap the engine holds after the crash (its indexes and ADL queues built), over the same baseline.</summary>
    public long ManagedBytesAfterCrash { get; set; }

    /// <summary>Processor time the process spent in the replay (all threads, GC included): on a shared machine wall time
    /// also counts the time other processes held the cores, this does not.</summary>
    public double CrashCpuSeconds { get; set; }

    public long PeakWorkingSet { get; set; }
    public string Hash { get; set; } = "";

    /// <summary>Nanoseconds per command, by type (marks split by whether they liquidated anyone).</summary>
    public SortedDictionary<string, LongHistogram> Latency { get; } = new(StringComparer.Ordinal);

    public double CommandsPerSecond => Commands / CrashSeconds;

    /// <summary>The p50 of one command type in microseconds, or null when the crash had none.</summary>
    public double? P50Microseconds(string type) => Latency.TryGetValue(type, out var h) ? h.GetValueAtPercentile(50) / 1000.0 : null;
}
