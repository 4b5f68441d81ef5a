using System.Text.Json;

namespace SocialLoss.Benchmarking;

/// <summary>What the failover test measured and found; <see cref="Passed"/> when nothing acknowledged was lost or doubled and every node agrees.</summary>
internal sealed class FailoverTestResult
{
    /// <summary>Commands acknowledged to the clients (set-up excluded).</summary>
    public long Acknowledged { get; set; }

    /// <summary>Acknowledged commands not at their answered journal position on the new primary.</summary>
    public long Lost { get; set; }

    /// <summary>Commands found in the journal more than once.</summary>
    public long Duplicated { get; set; }

    /// <summary>From the kill (its hook returned: processes dead) to the first acknowledgement by the new primary.</summary>
    public double FailoverSeconds { get; set; } = double.NaN;

    /// <summary>Every running engine's state hash equals a single-process replay of the new primary's journal.</summary>
    public bool HashesEqual { get; set; }

    /// <summary>The killed node came back as a standby at the journal's end with the same state hash.</summary>
    public bool Rejoined { get; set; }

    /// <summary>The standby whose WAL replay was paused fell behind and, once resumed, caught up with the same hash.</summary>
    public bool PartitionCaughtUp { get; set; }

    /// <summary>After a switchover demoted its database, the running old primary fenced itself and, restarted, rejoined as a standby.</summary>
    public bool SteppedDown { get; set; }

    /// <summary>Largest lag (commands) of the paused standby.</summary>
    public long PartitionLag { get; set; }

    /// <summary>Commands acknowledged per second before the kill (the replicated pair's throughput under this load).</summary>
    public double CommandsPerSecond { get; set; }

    /// <summary>Request latency before the kill, milliseconds.</summary>
    public double P50Ms { get; set; }

    /// <summary>Request latency before the kill, milliseconds.</summary>
    public double P99Ms { get; set; }

    /// <summary>Largest standby lag seen before the kill: primary position − standby applied position, in commands.</summary>
    public long StandbyLagMax { get; set; }

    /// <summary>Mean of those samples.</summary>
    public double StandbyLagMean { get; set; }

    /// <summary>Attempts retried (after the kill, mostly).</summary>
    public long Retries { get; set; }

    /// <summary>Batches never acknowledged within the time limit.</summary>
    public long Unacknowledged { get; set; }

    /// <summary>The journal's length on the new primary at the end.</summary>
    public long JournalRecords { get; set; }

    /// <summary>The first thing that went wrong, or null.</summary>
    public string? Problem { get; set; }

    /// <summary>True when every check holds.</summary>
    public bool Passed => Lost == 0 && Duplicated == 0 && HashesEqual && Rejoined && PartitionCaughtUp && SteppedDown && Unacknowledged == 0 && Acknowledged > 0 && Problem is null;

    /// <summary>The summary as one line of JSON (the last line <c>scripts/ha.sh test</c> prints).</summary>
    public string ToJsonLine()
    {
        var fields = new Dictionary<string, object?>
        {
            ["acknowledged"] = Acknowledged,
            ["lost"] = Lost,
            ["duplicated"] = Duplicated,
            ["failoverSeconds"] = double.IsNaN(FailoverSeconds) ? null : Math.Round(FailoverSeconds, 2),
            ["hashesEqual"] = HashesEqual,
            ["rejoined"] = Rejoined,
            ["partitionCaughtUp"] = PartitionCaughtUp,
            ["partitionLag"] = PartitionLag,
            ["steppedDown"] = SteppedDown,
            ["commandsPerSecond"] = Math.Round(CommandsPerSecond),
            ["p50Ms"] = Math.Round(P50Ms, 1),
            ["p99Ms"] = Math.Round(P99Ms, 1),
            ["standbyLagMax"] = StandbyLagMax,
            ["standbyLagMean"] = Math.Round(StandbyLagMean, 1),
            ["retries"] = Retries,
            ["unacknowledged"] = Unacknowledged,
            ["journalRecords"] = JournalRecords,
            ["problem"] = Problem,
            ["passed"] = Passed,
        };
        return JsonSerializer.Serialize(fields);
    }

    /// <summary>A percentile of latencies in microseconds, as milliseconds (0 when there are none).</summary>
    public static double PercentileMs(List<long> micros, double p)
    {
        if (micros.Count == 0)
            return 0;
        micros.Sort();
        int i = (int)Math.Ceiling(p / 100.0 * micros.Count) - 1;
        return micros[Math.Clamp(i, 0, micros.Count - 1)] / 1000.0;
    }
}
