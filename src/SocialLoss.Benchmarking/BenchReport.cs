using System.Text.Json;
using HdrHistogram;

namespace SocialLoss.Benchmarking;

/// <summary>The JSON form of <c>socialloss bench --json</c>: field names are public (scripts read them), so only add to them.</summary>
internal static class BenchReport
{
    /// <summary>Writes the figures as one indented JSON object and a newline.</summary>
    public static void WriteJson(Stream stdout, BenchResults results)
    {
        var (o, core, reference, e2e, large, largeAccounts, funding) = results;
        bool same = results.HashesIdentical;
        using var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("accounts", o.Accounts);
        w.WriteNumber("commands", o.Commands);
        w.WriteNumber("seed", o.Seed);
        Write(w, "engine", core, o.Accounts);
        if (reference is not null)
        {
            Write(w, "reference", reference, o.Accounts);
            w.WriteNumber("speedUp", reference.CrashSeconds / core.CrashSeconds);
            w.WriteBoolean("hashesIdentical", same);
        }

        if (e2e is not null)
        {
            WriteEndToEnd(w, e2e);
            if (core.P50Microseconds("trade") is { } trade)
            {
                // the target: a trade's p50 at most 3x the time it takes to parse its line, measured in one run
                double parse = e2e.ParseSeconds * 1e6 / e2e.Lines;
                w.WriteStartObject("tradeVsParse");
                w.WriteNumber("tradeP50Microseconds", trade);
                w.WriteNumber("parseMicrosecondsPerLine", parse);
                w.WriteNumber("ratio", trade / parse);
                w.WriteEndObject();
            }
        }

        if (large is not null)
        {
            w.WriteStartObject("large");
            w.WriteNumber("accounts", largeAccounts);
            Write(w, "engine", large, largeAccounts);
            w.WriteEndObject();
        }

        if (funding is not null)
        {
            w.WriteStartObject("funding");
            WriteFunding(w, funding);
            if (results.FundingIndex is { } index)
            {
                // the same fundings under funding: "index" (one event each; accounts settle when their positions change)
                w.WriteStartObject("index");
                WriteFunding(w, index);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.Flush();
        stdout.WriteByte((byte)'\n');

        static void WriteFunding(Utf8JsonWriter w, FundingRun f)
        {
            w.WriteNumber("holders", f.Holders);
            w.WriteNumber("fundings", f.Latency.TotalCount);
            w.WriteNumber("p50Milliseconds", f.Latency.GetValueAtPercentile(50) / 1e6);
            w.WriteNumber("maxMilliseconds", f.Latency.GetMaxValue() / 1e6);
            w.WriteNumber("eventsPerFunding", f.EventsPerFunding);
            w.WriteNumber("allocatedBytesPerFunding", f.AllocatedBytes);
        }

        static void Write(Utf8JsonWriter w, string name, CrashRun r, int accounts)
        {
            w.WriteStartObject(name);
            w.WriteNumber("setupSeconds", r.SetupSeconds);
            w.WriteNumber("indexSeconds", r.IndexSeconds); // of the set-up: the liquidation index over the seeded population
            w.WriteNumber("crashSeconds", r.CrashSeconds);
            w.WriteNumber("crashCpuSeconds", r.CrashCpuSeconds);
            w.WriteNumber("commandsPerSecond", r.CommandsPerSecond);
            w.WriteNumber("liquidations", r.Liquidations);
            w.WriteNumber("liquidationsPerSecond", r.Liquidations / r.CrashSeconds);
            w.WriteNumber("adlFills", r.AdlFills);
            w.WriteNumber("adlFillsPerSecond", r.AdlFills / r.CrashSeconds);
            w.WriteNumber("events", r.Events);
            w.WriteNumber("managedBytesPerAccount", r.ManagedBytes / (double)accounts);
            if (r.ManagedBytesAfterCrash != 0)
                w.WriteNumber("managedBytesPerAccountAfterCrash", r.ManagedBytesAfterCrash / (double)accounts);
            w.WriteNumber("peakWorkingSetBytes", r.PeakWorkingSet);
            w.WriteString("stateHash", r.Hash);
            w.WriteStartObject("latencyMicroseconds");
            foreach (var (type, h) in r.Latency)
            {
                w.WriteStartObject(type);
                w.WriteNumber("count", h.TotalCount);
                w.WriteNumber("p50", h.GetValueAtPercentile(50) / 1000.0);
                w.WriteNumber("p90", h.GetValueAtPercentile(90) / 1000.0);
                w.WriteNumber("p99", h.GetValueAtPercentile(99) / 1000.0);
                w.WriteNumber("p999", h.GetValueAtPercentile(99.9) / 1000.0);
                w.WriteNumber("max", h.GetMaxValue() / 1000.0);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    private static void WriteEndToEnd(Utf8JsonWriter w, EndToEndBench.Result r)
    {
        w.WriteStartObject("endToEnd");
        w.WriteNumber("lines", r.Lines);
        w.WriteNumber("inputBytes", r.InputBytes);
        w.WriteNumber("events", r.Events);
        w.WriteNumber("outputBytes", r.OutputBytes);
        w.WriteNumber("seconds", r.FastSeconds);
        w.WriteNumber("linesPerSecond", r.LinesPerSecond);
        w.WriteNumber("megabytesPerSecond", r.MegabytesPerSecond);
        w.WriteNumber("slowPathLines", r.SlowPathLines);
        w.WriteNumber("linesPerSecondWithoutEngine", r.Lines / (r.ParseSeconds + r.WriteSeconds));
        w.WriteStartObject("breakdown");
        w.WriteNumber("parseSeconds", r.ParseSeconds);
        w.WriteNumber("parseMicrosecondsPerLine", r.ParseSeconds * 1e6 / r.Lines);
        w.WriteNumber("parseAllocatedBytesPerLine", r.ParseAllocatedBytes / (double)r.Lines);
        w.WriteNumber("engineSeconds", r.EngineSeconds);
        w.WriteNumber("writeSeconds", r.WriteSeconds);
        w.WriteNumber("writeMicrosecondsPerEvent", r.WriteSeconds * 1e6 / Math.Max(1, r.Events));
        w.WriteNumber("writeAllocatedBytesPerEvent", r.WriteAllocatedBytes / (double)Math.Max(1, r.Events));
        w.WriteStartObject("engineByCommandType");
        foreach (var (type, (count, seconds, events)) in r.EngineByType)
        {
            w.WriteStartObject(type);
            w.WriteNumber("count", count);
            w.WriteNumber("seconds", seconds);
            w.WriteNumber("events", events);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("naive");
        w.WriteNumber("seconds", r.NaiveSeconds);
        w.WriteNumber("linesPerSecond", r.NaiveLinesPerSecond);
        w.WriteNumber("megabytesPerSecond", r.NaiveMegabytesPerSecond);
        w.WriteNumber("linesPerSecondWithoutEngine", r.Lines / (r.NaiveParseSeconds + r.NaiveWriteSeconds));
        w.WriteNumber("parseSeconds", r.NaiveParseSeconds);
        w.WriteNumber("parseMicrosecondsPerLine", r.NaiveParseSeconds * 1e6 / r.Lines);
        w.WriteNumber("parseAllocatedBytesPerLine", r.NaiveParseAllocatedBytes / (double)r.Lines);
        w.WriteNumber("writeSeconds", r.NaiveWriteSeconds);
        w.WriteNumber("writeMicrosecondsPerEvent", r.NaiveWriteSeconds * 1e6 / Math.Max(1, r.Events));
        w.WriteNumber("writeAllocatedBytesPerEvent", r.NaiveWriteAllocatedBytes / (double)Math.Max(1, r.Events));
        w.WriteEndObject();
        w.WriteNumber("speedUp", r.NaiveSeconds / r.FastSeconds);
        w.WriteNumber("parseSpeedUp", r.NaiveParseSeconds / r.ParseSeconds);
        w.WriteBoolean("eventsIdentical", r.EventsIdentical);
        w.WriteBoolean("hashesIdentical", r.HashesIdentical);
        if (r.TradeMark is { } t)
        {
            // the target names this workload: >= 1,000,000 lines/s, parse + engine + events written
            w.WriteStartObject("tradeMark");
            w.WriteNumber("setupLines", t.SetupLines);
            w.WriteNumber("lines", t.Lines);
            w.WriteNumber("trades", t.Trades);
            w.WriteNumber("marks", t.Marks);
            w.WriteNumber("inputBytes", t.InputBytes);
            w.WriteNumber("events", t.Events);
            w.WriteNumber("rejected", t.Rejected);
            w.WriteNumber("liquidations", t.Liquidations);
            w.WriteNumber("seconds", t.Seconds);
            w.WriteNumber("linesPerSecond", t.LinesPerSecond);
            w.WriteNumber("microsecondsPerLine", t.Seconds * 1e6 / t.Lines);
            w.WriteNumber("parseMicrosecondsPerLine", t.ParseSeconds * 1e6 / t.Lines);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
