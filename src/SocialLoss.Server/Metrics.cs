using System.Globalization;
using System.Text;

namespace SocialLoss.Server;

/// <summary>Counters and a journal-latency histogram, written in the Prometheus text format.</summary>
public sealed class Metrics
{
    private static readonly double[] Buckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1];
    private readonly long[] _bucketCounts = new long[Buckets.Length];
    private readonly Lock _gate = new();
    private double _latencySum;
    private long _latencyCount;

    /// <summary>Commands journaled and executed.</summary>
    public long Commands;

    /// <summary>Commands the engine rejected (a <c>rejected</c> event).</summary>
    public long Rejected;

    /// <summary>Events produced.</summary>
    public long Events;

    /// <summary><c>liquidated</c> events.</summary>
    public long Liquidations;

    /// <summary><c>deleveraged</c> events (ADL fills).</summary>
    public long AdlFills;

    /// <summary><c>clawback</c> events.</summary>
    public long Clawbacks;

    /// <summary>Group commits (journal transactions).</summary>
    public long Commits;

    /// <summary>Commits that failed (nothing acknowledged).</summary>
    public long CommitFailures;

    /// <summary>Full snapshots written.</summary>
    public long Snapshots;

    /// <summary>Records one journal commit's latency.</summary>
    public void ObserveCommit(TimeSpan elapsed)
    {
        var s = elapsed.TotalSeconds;
        lock (_gate)
        {
            _latencySum += s;
            _latencyCount++;
            for (int i = 0; i < Buckets.Length; i++)
                if (s <= Buckets[i])
                    _bucketCounts[i]++;
        }
    }

    /// <summary>The metrics as Prometheus text, with the gauges given.</summary>
    public string Render(string insuranceFund, string deficit, long journalPosition, int sseClients, bool faulted)
    {
        var sb = new StringBuilder();
        void Counter(string name, string help, long value)
        {
            sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(" counter\n");
            sb.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        void Gauge(string name, string help, string value)
        {
            sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(" gauge\n");
            sb.Append(name).Append(' ').Append(value).Append('\n');
        }

        Counter("socialloss_commands_total", "Commands journaled and executed (rate() gives commands/s).", Interlocked.Read(ref Commands));
        Counter("socialloss_commands_rejected_total", "Commands the engine rejected.", Interlocked.Read(ref Rejected));
        Counter("socialloss_events_total", "Events produced.", Interlocked.Read(ref Events));
        Counter("socialloss_liquidations_total", "Positions liquidated.", Interlocked.Read(ref Liquidations));
        Counter("socialloss_adl_fills_total", "Auto-deleveraging fills.", Interlocked.Read(ref AdlFills));
        Counter("socialloss_clawbacks_total", "Clawback charges.", Interlocked.Read(ref Clawbacks));
        Counter("socialloss_journal_commits_total", "Journal group commits.", Interlocked.Read(ref Commits));
        Counter("socialloss_journal_commit_failures_total", "Journal commits that failed (not acknowledged).", Interlocked.Read(ref CommitFailures));
        Counter("socialloss_snapshots_total", "Full snapshots (state images) written.", Interlocked.Read(ref Snapshots));
        Gauge("socialloss_insurance_fund", "Insurance fund balance.", insuranceFund);
        Gauge("socialloss_deficit", "Recorded deficit (bad debt no stage covered).", deficit);
        Gauge("socialloss_journal_position", "Last durable journal position.", journalPosition.ToString(CultureInfo.InvariantCulture));
        Gauge("socialloss_sse_clients", "Connected event-stream clients.", sseClients.ToString(CultureInfo.InvariantCulture));
        Gauge("socialloss_faulted", "1 when the service stopped accepting commands.", faulted ? "1" : "0");
        sb.Append("# HELP socialloss_journal_commit_seconds Journal group-commit latency (durable).\n");
        sb.Append("# TYPE socialloss_journal_commit_seconds histogram\n");
        lock (_gate)
        {
            for (int i = 0; i < Buckets.Length; i++)
                sb.Append("socialloss_journal_commit_seconds_bucket{le=\"").Append(Buckets[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                    .Append(_bucketCounts[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("socialloss_journal_commit_seconds_bucket{le=\"+Inf\"} ").Append(_latencyCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("socialloss_journal_commit_seconds_sum ").Append(_latencySum.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("socialloss_journal_commit_seconds_count ").Append(_latencyCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }
}
