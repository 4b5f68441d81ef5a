using HdrHistogram;
using System.Globalization;

namespace SocialLoss.Benchmarking;

/// <summary>
/// A table of figures as plain text — a title, column heads and rows — that <c>bench</c> draws in the terminal (the
/// JSON form is <see cref="BenchReport"/>). Cells that say <see cref="Different"/> are a failed check.
/// </summary>
/// <param name="Title">What the table measures.</param>
/// <param name="Columns">The column heads.</param>
/// <param name="Rows">The rows, as many cells as columns.</param>
internal sealed record BenchTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The cell of a check that failed.</summary>
    public const string Different = "DIFFERENT";

    /// <summary>Every table of a run, in the order <c>bench</c> prints them.</summary>
    public static IEnumerable<BenchTable> All(BenchResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        yield return Crash(results);
        yield return Latency(results.Core);
        if (results.Oracle is { } oracle)
            yield return Latency(oracle);
        if (results.EndToEnd is { } e2e)
            yield return EndToEnd(e2e, results.Core.P50Microseconds("trade"));
        if (AtScale(results) is { } scale)
            yield return scale;
    }

    /// <summary>The crash through the engine beside the naive oracle: times, throughput, memory, speed-up and the state hashes.</summary>
    public static BenchTable Crash(BenchResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (o, core, reference, _, _, _, _) = results;
        var rows = new List<IReadOnlyList<string>>();
        void Row(string figure, Func<CrashRun, string> f, string? other = null) => rows.Add([figure, f(core), other ?? (reference is null ? "—" : f(reference))]);
        Row("population set-up", r => $"{F(r.SetupSeconds, "F2")} s" + (r.IndexSeconds > 0 ? $" (liquidation index {F(r.IndexSeconds, "F2")} s)" : ""));
        Row("crash replay", r => $"{F(r.CrashSeconds, "F3")} s");
        Row("commands / s", r => F(r.CommandsPerSecond));
        Row("liquidations", r => $"{F(r.Liquidations)} ({F(r.Liquidations / r.CrashSeconds)}/s)");
        Row("ADL fills", r => $"{F(r.AdlFills)} ({F(r.AdlFills / r.CrashSeconds)}/s)");
        Row("events", r => F(r.Events));
        Row("managed memory / account", r => $"{F(r.ManagedBytes / (double)o.Accounts)} B" + (ReferenceEquals(r, core) ? "" : " (with its event log)"));
        Row("peak working set (process)", r => $"{F(r.PeakWorkingSet / 1048576.0)} MiB");
        rows.Add(["speed-up (crash replay)", reference is null ? "—" : F(reference.CrashSeconds / core.CrashSeconds, "N1") + "x", ""]);
        Row("state hash", r => r.Hash[..16] + "…" + (ReferenceEquals(r, core) ? "" : results.HashesIdentical ? " identical" : " " + Different));
        return new BenchTable($"crash: {F(o.Accounts)} accounts, {F(o.Commands)} commands, seed {o.Seed}", ["", "engine", "reference"], rows);
    }

    /// <summary>One engine's latency per command type, in microseconds.</summary>
    public static BenchTable Latency(CrashRun r)
    {
        ArgumentNullException.ThrowIfNull(r);
        static string Us(long ns) => F(ns / 1000.0, ns < 10_000 ? "N2" : "N0");
        var rows = r.Latency.Select(x => (IReadOnlyList<string>)[x.Key, F(x.Value.TotalCount), Us(x.Value.GetValueAtPercentile(50)), Us(x.Value.GetValueAtPercentile(90)),
            Us(x.Value.GetValueAtPercentile(99)), Us(x.Value.GetValueAtPercentile(99.9)), Us(x.Value.GetMaxValue())]).ToList();
        return new BenchTable($"{r.Engine}: latency per command type (µs)", ["type", "count", "p50", "p90", "p99", "p99.9", "max"], rows);
    }

    /// <summary>The crash at a large population and the fundings over many holders, or null when neither ran.</summary>
    public static BenchTable? AtScale(BenchResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<IReadOnlyList<string>>();
        if (results.Large is { } large)
            rows.Add([$"crash at {F(results.LargeAccounts)} accounts", $"{F(large.CrashSeconds, "F2")} s ({F(large.Commands)} commands, {F(large.Liquidations)} liquidations, "
                + $"{F(large.ManagedBytes / (double)results.LargeAccounts)} B/account, trade p50 {F(large.P50Microseconds("trade") ?? double.NaN, "N2")} µs; "
                + $"the liquidation index over the population built in the set-up, {F(large.IndexSeconds, "F2")} s)"]);
        foreach (var (name, f) in new[] { ("funding", results.Funding), ("funding by index", results.FundingIndex) })
            if (f is not null)
                rows.Add([$"{name} over {F(f.Holders)} holders", $"p50 {F(f.Latency.GetValueAtPercentile(50) / 1e6, "N1")} ms, max {F(f.Latency.GetMaxValue() / 1e6, "N1")} ms "
                    + $"({F(f.EventsPerFunding)} events, {F(f.AllocatedBytes / (double)f.Holders)} B allocated per holder)"]);
        return rows.Count == 0 ? null : new BenchTable("at scale", ["", ""], rows);
    }

    /// <summary>The end-to-end run's figures: both paths side by side, the engine's share by command type, the trade/mark workload.</summary>
    public static BenchTable EndToEnd(EndToEndBench.Result r, double? tradeP50)
    {
        var rows = new List<IReadOnlyList<string>>();
        void Row(string figure, string fast, string naive = "", string ratio = "") => rows.Add([figure, fast, naive, ratio]);
        static string Ratio(double before, double after) => after > 0 ? F(before / after, "N1") + "x" : "—";
        Row("end to end", $"{F(r.FastSeconds, "F3")} s", $"{F(r.NaiveSeconds, "F3")} s", Ratio(r.NaiveSeconds, r.FastSeconds));
        Row("lines / s", F(r.LinesPerSecond), F(r.NaiveLinesPerSecond));
        Row("input MB / s", F(r.MegabytesPerSecond, "N1"), F(r.NaiveMegabytesPerSecond, "N1"));
        Row("read + parse alone", $"{F(r.ParseSeconds, "F3")} s ({Per(r.ParseSeconds, r.Lines)} µs/line)", $"{F(r.NaiveParseSeconds, "F3")} s ({Per(r.NaiveParseSeconds, r.Lines)} µs/line)",
            Ratio(r.NaiveParseSeconds, r.ParseSeconds));
        Row("parse allocations", $"{F(r.ParseAllocatedBytes / (double)r.Lines)} B/line", $"{F(r.NaiveParseAllocatedBytes / (double)r.Lines)} B/line");
        Row("engine", $"{F(r.EngineSeconds, "F3")} s ({Per(r.EngineSeconds, r.Lines)} µs/line)", "(same engine)");
        if (tradeP50 is { } trade)
            Row("trade p50 (crash) / parse of a line", $"{F(trade, "N3")} µs / {Per(r.ParseSeconds, r.Lines)} µs = {F(trade / (r.ParseSeconds * 1e6 / r.Lines), "N1")}x");
        Row("write events", $"{F(r.WriteSeconds, "F3")} s ({Per(r.WriteSeconds, r.Events)} µs/event)", $"{F(r.NaiveWriteSeconds, "F3")} s ({Per(r.NaiveWriteSeconds, r.Events)} µs/event)",
            Ratio(r.NaiveWriteSeconds, r.WriteSeconds));
        Row("write allocations", $"{F(r.WriteAllocatedBytes / (double)Math.Max(1, r.Events))} B/event", $"{F(r.NaiveWriteAllocatedBytes / (double)Math.Max(1, r.Events))} B/event");
        double sum = r.ParseSeconds + r.EngineSeconds + r.WriteSeconds;
        Row("parse + write alone (engine excluded)", $"{F(r.Lines / (r.ParseSeconds + r.WriteSeconds))} lines/s", $"{F(r.Lines / (r.NaiveParseSeconds + r.NaiveWriteSeconds))} lines/s",
            Ratio(r.NaiveParseSeconds + r.NaiveWriteSeconds, r.ParseSeconds + r.WriteSeconds));
        Row("share: parse / engine / write", $"{Share(r.ParseSeconds, sum)} / {Share(r.EngineSeconds, sum)} / {Share(r.WriteSeconds, sum)}");
        foreach (var (type, (count, seconds, events)) in r.EngineByType)
            Row($"  engine: {type} x {F(count)}", $"{F(seconds, "F3")} s ({Per(seconds, count)} µs each, {F(events / (double)count, "N1")} events each)");
        Row("lines on the slow parser", F(r.SlowPathLines));
        Row("events and state", r.EventsIdentical && r.HashesIdentical ? "byte-identical" : Different);
        if (r.TradeMark is { } tm)
            Row($"trade/mark workload ({F(tm.Trades)} trades, {F(tm.Marks)} marks after {F(tm.SetupLines)} set-up lines)",
                $"{F(tm.LinesPerSecond)} lines/s ({Per(tm.Seconds, tm.Lines)} µs/line, parse {Per(tm.ParseSeconds, tm.Lines)}; {F(tm.Rejected)} rejected, {F(tm.Liquidations)} liquidations)");
        return new BenchTable(
            $"end to end: JSONL file ({F(r.Lines)} lines, {F(r.InputBytes / 1e6, "N1")} MB) -> engine -> events file ({F(r.Events)} events, {F(r.OutputBytes / 1e6, "N1")} MB)",
            ["", "UTF-8 path (replay)", "text path (before)", "ratio"], rows);
    }

    private static string F(double v, string format = "N0") => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Per(double seconds, long n) => F(seconds * 1e6 / Math.Max(1, n), "N3");

    private static string Share(double part, double sum) => sum > 0 ? F(part / sum, "P0") : "—";
}
