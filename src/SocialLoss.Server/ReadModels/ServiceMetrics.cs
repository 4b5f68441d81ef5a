using System.Diagnostics.Metrics;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Server;

/// <summary>
/// The service's metrics as <see cref="System.Diagnostics.Metrics"/> instruments on one <see cref="Meter"/>, published on
/// <c>/metrics</c> by OpenTelemetry's Prometheus exporter under the names they have always had (a counter named
/// <c>socialloss_commands</c> is exported as <c>socialloss_commands_total</c>, the histogram in seconds as
/// <c>socialloss_journal_commit_seconds</c>). Counts are kept in plain fields (one increment on the hot path) and read by
/// observable counters at each scrape.
/// </summary>
public sealed class ServiceMetrics : IReadModel, IDisposable
{
    /// <summary>Upper bounds of the commit-latency histogram's buckets, in seconds.</summary>
    public static readonly double[] CommitBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1];

    private static int _instances;
    private readonly Histogram<double> _commitSeconds;
    private long _commands, _rejected, _events, _liquidations, _adlFills, _clawbacks, _commits, _commitFailures, _snapshots;

    /// <summary>
    /// A meter of its own. Its name is unique in the process (<see cref="MeterName"/>): a metrics listener subscribes to
    /// meters by name process-wide, and two services in one process (the tests run several) must not count into each other.
    /// The name is not exported (the exporter's scope labels are off).
    /// </summary>
    public ServiceMetrics()
    {
        MeterName = $"SocialLoss.Server.{Interlocked.Increment(ref _instances)}";
        Meter = new Meter(MeterName);
        Counter("socialloss_commands", "Commands journaled and executed (rate() gives commands/s).", () => Interlocked.Read(ref _commands));
        Counter("socialloss_commands_rejected", "Commands the engine rejected.", () => Interlocked.Read(ref _rejected));
        Counter("socialloss_events", "Events produced.", () => Interlocked.Read(ref _events));
        Counter("socialloss_liquidations", "Positions liquidated.", () => Interlocked.Read(ref _liquidations));
        Counter("socialloss_adl_fills", "Auto-deleveraging fills.", () => Interlocked.Read(ref _adlFills));
        Counter("socialloss_clawbacks", "Clawback charges.", () => Interlocked.Read(ref _clawbacks));
        Counter("socialloss_journal_commits", "Journal group commits.", () => Interlocked.Read(ref _commits));
        Counter("socialloss_journal_commit_failures", "Journal commits that failed (not acknowledged).", () => Interlocked.Read(ref _commitFailures));
        Counter("socialloss_snapshots", "Full snapshots (state images) written.", () => Interlocked.Read(ref _snapshots));
        _commitSeconds = Meter.CreateHistogram<double>("socialloss_journal_commit", "s", "Journal group-commit latency (durable).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitBuckets });
    }

    /// <summary>The meter's name, for the exporter to subscribe to.</summary>
    public string MeterName { get; }

    /// <summary>The meter holding every instrument.</summary>
    public Meter Meter { get; }

    /// <summary>Commands journaled and executed.</summary>
    public long Commands => Interlocked.Read(ref _commands);

    /// <summary>Commits that failed.</summary>
    public long CommitFailures => Interlocked.Read(ref _commitFailures);

    /// <summary>Adds the gauges read from the running service at each scrape.</summary>
    public void AddGauges(Func<(double InsuranceFund, double Deficit)> money, Func<long> journalPosition, Func<int> sseClients, Func<bool> faulted)
    {
        Meter.CreateObservableGauge("socialloss_insurance_fund", () => money().InsuranceFund, description: "Insurance fund balance.");
        Meter.CreateObservableGauge("socialloss_deficit", () => money().Deficit, description: "Recorded deficit (bad debt no stage covered).");
        Meter.CreateObservableGauge("socialloss_journal_position", journalPosition, description: "Last durable journal position.");
        Meter.CreateObservableGauge("socialloss_sse_clients", sseClients, description: "Connected event-stream clients.");
        Meter.CreateObservableGauge("socialloss_faulted", () => faulted() ? 1 : 0, description: "1 when the service stopped accepting commands.");
    }

    /// <summary>Records one durable journal commit and its latency.</summary>
    public void Committed(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _commits);
        _commitSeconds.Record(elapsed.TotalSeconds);
    }

    /// <summary>Records a journal commit that failed.</summary>
    public void CommitFailed() => Interlocked.Increment(ref _commitFailures);

    /// <summary>Records a full snapshot written.</summary>
    public void SnapshotWritten() => Interlocked.Increment(ref _snapshots);

    /// <inheritdoc/>
    public void OnEvent(EngineEvent e, StoredEvent stored)
    {
        // one writer (the applying thread); Interlocked only so that scrapes read whole values
        Interlocked.Increment(ref _events);
        switch (e)
        {
            case Liquidated:
                Interlocked.Increment(ref _liquidations);
                break;
            case Deleveraged:
                Interlocked.Increment(ref _adlFills);
                break;
            case ClawedBack:
                Interlocked.Increment(ref _clawbacks);
                break;
            case Rejected:
                Interlocked.Increment(ref _rejected);
                break;
        }
    }

    /// <inheritdoc/>
    public void OnCommand(Command command, long position, Ledger ledger, bool live) => Interlocked.Increment(ref _commands);

    /// <inheritdoc/>
    public void Dispose() => Meter.Dispose();

    private void Counter(string name, string description, Func<long> read) => Meter.CreateObservableCounter(name, read, description: description);
}
