using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace SocialLoss.Benchmarking;

/// <summary>What <c>socialloss loadtest</c> measured and checked, and its JSON form.</summary>
internal sealed class LoadTestResult
{
    /// <summary>The throughput the issue asks for (commands acknowledged durably per second).</summary>
    public const double TargetCommandsPerSecond = 50_000;

    /// <summary>The request latency the issue asks for at p99, in milliseconds.</summary>
    public const double TargetP99Ms = 20;

    public int Clients { get; init; }
    public int Seconds { get; init; }
    public int WarmupSeconds { get; init; }
    public int Batch { get; init; }
    public int Accounts { get; init; }

    /// <summary>Length of the measured window (after the warm-up, before the clients stop sending).</summary>
    public double MeasuredSeconds { get; set; }

    /// <summary>Requests answered 200 within the measured window.</summary>
    public long Requests { get; set; }

    /// <summary>
    /// CPU time the process (service and clients) used over the measured window: on a shared, noisy machine
    /// the CPU cost per command says more than the wall-clock rate, which other processes' load drags down.
    /// </summary>
    public double CpuSeconds { get; set; }

    /// <summary>Garbage-collector pauses over the measured window.</summary>
    public double GcPauseSeconds { get; set; }

    /// <summary>Full (generation 2) collections over the measured window.</summary>
    public int Gen2Collections { get; set; }

    /// <summary>Commands of <see cref="Requests"/> (all acknowledged durably).</summary>
    public long Commands { get; set; }

    /// <summary>Of <see cref="Commands"/>, those answered with a <c>rejected</c> event.</summary>
    public long Rejected { get; set; }

    /// <summary>Request latency in microseconds (send to last byte of the answer) of the requests answered within the window.</summary>
    public LongHistogram Latency { get; } = NewHistogram();

    /// <summary>Requests not answered 200 (any phase); the first one's reason in <see cref="FirstError"/>.</summary>
    public long FailedRequests { get; set; }

    public string? FirstError { get; set; }

    /// <summary>The service's journal figures over the measured window, when <c>/metrics</c> could be read.</summary>
    public ServiceMetricsSample? Journal { get; set; }

    /// <summary>Every command acknowledged, set-up and warm-up included.</summary>
    public long AcknowledgedTotal { get; set; }

    /// <summary>Every <c>rejected</c> event answered, set-up and warm-up included.</summary>
    public long RejectedAnswered { get; set; }

    /// <summary>The live service's journal position when the load stopped.</summary>
    public long LivePosition { get; set; }

    public string LiveStateHash { get; set; } = "";

    /// <summary>Records in the journal, reopened after the service stopped.</summary>
    public long JournalRecords { get; set; }

    /// <summary>True when reopening found every record in place with a good checksum.</summary>
    public bool JournalClean { get; set; }

    /// <summary>The state hash of a fresh engine fed the reopened journal.</summary>
    public string ReplayStateHash { get; set; } = "";

    /// <summary><c>rejected</c> events of that replay.</summary>
    public long RejectedReplayed { get; set; }

    public double CpuMicrosecondsPerCommand => Commands > 0 ? CpuSeconds * 1e6 / Commands : 0;
    public double CommandsPerSecond => MeasuredSeconds > 0 ? Commands / MeasuredSeconds : 0;
    public double RequestsPerSecond => MeasuredSeconds > 0 ? Requests / MeasuredSeconds : 0;
    public bool CountsEqual => JournalRecords == AcknowledgedTotal && LivePosition == AcknowledgedTotal;
    public bool HashesEqual => ReplayStateHash.Length > 0 && ReplayStateHash == LiveStateHash;
    public bool RejectionsEqual => RejectedReplayed == RejectedAnswered;

    /// <summary>Every correctness check holds and no request failed (speed is reported, not judged).</summary>
    public bool Passed => CountsEqual && HashesEqual && RejectionsEqual && JournalClean && FailedRequests == 0;

    public bool TargetMet => CommandsPerSecond >= TargetCommandsPerSecond && Ms(Latency.GetValueAtPercentile(99)) <= TargetP99Ms;

    /// <summary>A histogram of microseconds up to a minute, three significant digits.</summary>
    public static LongHistogram NewHistogram() => new(60_000_000L, 3);

    public static double Ms(long us) => us / 1000.0;

    public static string F(double v, string format = "N0") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Writes the figures and checks as one indented JSON object and a newline.</summary>
    public void WriteJson(Stream stdout)
    {
        using var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("clients", Clients);
        w.WriteNumber("seconds", Seconds);
        w.WriteNumber("warmupSeconds", WarmupSeconds);
        w.WriteNumber("batch", Batch);
        w.WriteNumber("accounts", Accounts);
        w.WriteNumber("measuredSeconds", MeasuredSeconds);
        w.WriteNumber("requests", Requests);
        w.WriteNumber("commandsAcknowledged", Commands);
        w.WriteNumber("commandsPerSecond", CommandsPerSecond);
        w.WriteNumber("requestsPerSecond", RequestsPerSecond);
        w.WriteStartObject("latencyMs");
        w.WriteNumber("p50", Ms(Latency.GetValueAtPercentile(50)));
        w.WriteNumber("p90", Ms(Latency.GetValueAtPercentile(90)));
        w.WriteNumber("p99", Ms(Latency.GetValueAtPercentile(99)));
        w.WriteNumber("p999", Ms(Latency.GetValueAtPercentile(99.9)));
        w.WriteNumber("max", Ms(Latency.GetMaxValue()));
        w.WriteNumber("mean", Latency.TotalCount == 0 ? 0 : Latency.GetMean() / 1000.0);
        w.WriteEndObject();
        w.WriteNumber("cpuSeconds", CpuSeconds);
        w.WriteNumber("cpuMicrosecondsPerCommand", CpuMicrosecondsPerCommand);
        w.WriteNumber("processorCount", Environment.ProcessorCount);
        w.WriteNumber("gcPauseSeconds", GcPauseSeconds);
        w.WriteNumber("gen2Collections", Gen2Collections);
        w.WriteNumber("rejectedCommands", Rejected);
        w.WriteNumber("failedRequests", FailedRequests);
        if (FirstError is not null)
            w.WriteString("firstError", FirstError);
        if (Journal is { } j)
        {
            w.WriteStartObject("journal");
            w.WriteNumber("commits", j.Commits);
            w.WriteNumber("commandsPerCommit", j.CommandsPerCommit);
            w.WriteNumber("commitMeanMs", j.MeanCommitMs);
            if (j.CommitMsAtMost(99) is { } p99)
                w.WriteNumber("commitP99AtMostMs", p99);
            w.WriteEndObject();
        }

        w.WriteStartObject("correctness");
        w.WriteNumber("acknowledgedTotal", AcknowledgedTotal);
        w.WriteNumber("livePosition", LivePosition);
        w.WriteNumber("journalRecords", JournalRecords);
        w.WriteBoolean("countsEqual", CountsEqual);
        w.WriteString("liveStateHash", LiveStateHash);
        w.WriteString("replayStateHash", ReplayStateHash);
        w.WriteBoolean("hashesEqual", HashesEqual);
        w.WriteNumber("rejectedAnswered", RejectedAnswered);
        w.WriteNumber("rejectedReplayed", RejectedReplayed);
        w.WriteBoolean("rejectionsEqual", RejectionsEqual);
        w.WriteBoolean("journalClean", JournalClean);
        w.WriteEndObject();
        w.WriteStartObject("target");
        w.WriteNumber("commandsPerSecond", TargetCommandsPerSecond);
        w.WriteNumber("p99Ms", TargetP99Ms);
        w.WriteBoolean("met", TargetMet);
        w.WriteEndObject();
        w.WriteBoolean("passed", Passed);
        w.WriteEndObject();
        w.Flush();
        stdout.WriteByte((byte)'\n');
    }
}
