using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HdrHistogram;
using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Reference;
using Spectre.Console;
using CoreCommand = SocialLoss.Core.Commands.Command;

namespace SocialLoss.Cli;

/// <summary><c>socialloss bench [--accounts N] [--commands M] [--json]</c>: the macro benchmark.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Population: accounts with one BTC-PERP position each", DefaultValueFactory = _ => 10_000 };
        var commands = new Option<int>("--commands") { Description = "Commands in the crash path (marks, trades, funding, book, deposits, withdrawals)", DefaultValueFactory = _ => 2_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object" };
        var noReference = new Option<bool>("--no-reference") { Description = "Skip the naive reference engine (no speed-up, no hash check)" };
        var noEndToEnd = new Option<bool>("--no-end-to-end") { Description = "Skip the end-to-end run (JSONL file -> parse -> engine -> events file)" };
        var command = new Command("bench", """
            Macro benchmark: builds a seeded population (one position per account, leverage spread), replays a crash
            path that liquidates about 5% of it with ADL through the engine, and prints commands per second, latency
            percentiles per command type, liquidations and ADL fills per second and memory per account; then runs the
            same workload through the naive reference engine (decimal, full scans, ADL re-sorted per fill) and checks
            that both final state hashes are identical (exit 1 if not). End to end: writes the whole workload (set-up,
            the population's fills as trades, the crash) to a temporary JSONL file and replays it from the file with the
            events written to a file, through the UTF-8 path of `replay` and through the text path it replaced, and
            breaks the time down into read + parse, engine and event writing (exit 1 if the two event files differ).
            Progress on stderr.
            """)
        {
            accounts, commands, seed, json, noReference, noEndToEnd,
        };
        command.SetAction(p => Run(p.GetValue(accounts), p.GetValue(commands), p.GetValue(seed), p.GetValue(json), p.GetValue(noReference), p.GetValue(noEndToEnd)));
        return command;
    }

    private sealed class Result
    {
        public string Engine { get; init; } = "";
        public double SetupSeconds { get; set; }
        public double CrashSeconds { get; set; }
        public int Commands { get; set; }
        public int Liquidations { get; set; }
        public int AdlFills { get; set; }
        public int Events { get; set; }
        public long ManagedBytes { get; set; }
        public long PeakWorkingSet { get; set; }
        public string Hash { get; set; } = "";
        public SortedDictionary<string, LongHistogram> Latency { get; } = new(StringComparer.Ordinal);
        public double CommandsPerSecond => Commands / CrashSeconds;
    }

    private static int Run(int accounts, int commands, int seed, bool json, bool noReference, bool noEndToEnd)
    {
        if (accounts < 2 || commands < 2)
        {
            Console.Error.WriteLine("socialloss: --accounts and --commands must be at least 2");
            return 2;
        }

        var options = new CrashWorkloadOptions(accounts, commands, seed);
        Progress($"generating workload: {accounts:N0} accounts, {commands:N0} crash commands (seed {seed})");
        var workload = CrashWorkload.Generate(options);

        var core = RunCore(workload);
        Result? reference = noReference ? null : RunReference(workload);
        bool same = reference is null || reference.Hash == core.Hash;
        var endToEnd = noEndToEnd ? null : EndToEndBench.Run(workload, Progress);

        if (json)
            PrintJson(options, core, reference, same, endToEnd);
        else
            PrintTables(options, core, reference, same, endToEnd);
        if (!same)
            Console.Error.WriteLine($"socialloss: state hashes differ: engine {core.Hash}, reference {reference!.Hash}");
        bool endToEndSame = endToEnd is null || (endToEnd.EventsIdentical && endToEnd.HashesIdentical);
        if (!endToEndSame)
            Console.Error.WriteLine("socialloss: end to end: the UTF-8 and text paths wrote different events or states");
        return same && endToEndSame ? 0 : 1;
    }

    private static Result RunCore(CrashWorkload workload)
    {
        var result = new Result { Engine = "engine" };
        Collect();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var engine = new ClearingEngine();
        int line = WorkloadDriver.Seed(engine, workload, fillsAsTrades: false,
            (done, total) => Progress($"engine: seeding {done:N0}/{total:N0} positions"));
        result.SetupSeconds = sw.Elapsed.TotalSeconds;
        Collect();
        result.ManagedBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Progress($"engine: population ready in {result.SetupSeconds:F1} s; replaying the crash");

        Replay(workload.Crash, line, result, "engine", c => engine.Execute(c, line++));
        result.PeakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;
        result.Hash = StateHash.Compute(engine.Ledger);
        GC.KeepAlive(engine);
        return result;
    }

    private static Result RunReference(CrashWorkload workload)
    {
        var result = new Result { Engine = "reference" };
        Collect();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var engine = new ReferenceEngine(keepLog: true);
        int line = WorkloadDriver.Seed(engine, workload, fillsAsTrades: false);
        result.SetupSeconds = sw.Elapsed.TotalSeconds;
        Collect();
        result.ManagedBytes = GC.GetTotalMemory(forceFullCollection: true) - before; // includes its event log
        Progress($"reference: population ready in {result.SetupSeconds:F1} s; replaying the crash");

        Replay(workload.Crash, line, result, "reference", c => engine.Execute(c, line++));
        result.PeakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;
        Progress("reference: rebuilding a ledger from its events for the state hash");
        result.Hash = StateHash.Compute(engine.ToLedger());
        return result;
    }

    private static void Replay(IReadOnlyList<CoreCommand> crash, int firstLine, Result result, string name, Func<CoreCommand, IReadOnlyList<EngineEvent>> execute)
    {
        double tickToNs = 1e9 / Stopwatch.Frequency;
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
                Progress($"{name}: {i + 1:N0}/{crash.Count:N0} commands, {result.Liquidations:N0} liquidations, {result.AdlFills:N0} ADL fills, {total.Elapsed.TotalSeconds:F0} s");
            }
        }

        result.CrashSeconds = total.Elapsed.TotalSeconds;
        result.Commands = crash.Count;
        _ = firstLine;
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

    private static void PrintTables(CrashWorkloadOptions o, Result core, Result? reference, bool same, EndToEndBench.Result? e2e)
    {
        var summary = new Table().Title($"crash: {o.Accounts:N0} accounts, {o.Commands:N0} commands, seed {o.Seed}")
            .AddColumns("", "engine", "reference");
        string R(Func<Result, string> f) => reference is null ? "—" : f(reference);
        summary.AddRow("population set-up", $"{core.SetupSeconds:F2} s", R(r => $"{r.SetupSeconds:F2} s"));
        summary.AddRow("crash replay", $"{core.CrashSeconds:F3} s", R(r => $"{r.CrashSeconds:F3} s"));
        summary.AddRow("commands / s", $"{core.CommandsPerSecond:N0}", R(r => $"{r.CommandsPerSecond:N0}"));
        summary.AddRow("liquidations", $"{core.Liquidations:N0} ({core.Liquidations / core.CrashSeconds:N0}/s)", R(r => $"{r.Liquidations:N0} ({r.Liquidations / r.CrashSeconds:N0}/s)"));
        summary.AddRow("ADL fills", $"{core.AdlFills:N0} ({core.AdlFills / core.CrashSeconds:N0}/s)", R(r => $"{r.AdlFills:N0} ({r.AdlFills / r.CrashSeconds:N0}/s)"));
        summary.AddRow("events", $"{core.Events:N0}", R(r => $"{r.Events:N0}"));
        summary.AddRow("managed memory / account", $"{core.ManagedBytes / (double)o.Accounts:N0} B", R(r => $"{r.ManagedBytes / (double)o.Accounts:N0} B (with its event log)"));
        summary.AddRow("peak working set (process)", $"{core.PeakWorkingSet / 1048576.0:N0} MiB", R(r => $"{r.PeakWorkingSet / 1048576.0:N0} MiB"));
        summary.AddRow("speed-up (crash replay)", reference is null ? "—" : $"{reference.CrashSeconds / core.CrashSeconds:N1}x", "");
        summary.AddRow("state hash", core.Hash[..16] + "…", R(r => r.Hash[..16] + "… " + (same ? "[green]identical[/]" : "[red]DIFFERENT[/]")));
        AnsiConsole.Write(summary);

        foreach (var r in reference is null ? [core] : new[] { core, reference })
        {
            var t = new Table().Title($"{r.Engine}: latency per command type (µs)").AddColumns("type", "count", "p50", "p90", "p99", "p99.9", "max");
            foreach (var (type, h) in r.Latency)
                t.AddRow(type, h.TotalCount.ToString("N0", CultureInfo.InvariantCulture), Us(h.GetValueAtPercentile(50)), Us(h.GetValueAtPercentile(90)),
                    Us(h.GetValueAtPercentile(99)), Us(h.GetValueAtPercentile(99.9)), Us(h.GetMaxValue()));
            AnsiConsole.Write(t);
        }

        if (e2e is not null)
            PrintEndToEnd(e2e);
    }

    private static void PrintEndToEnd(EndToEndBench.Result r)
    {
        var t = new Table().Title($"end to end: JSONL file ({r.Lines:N0} lines, {r.InputBytes / 1e6:N1} MB) -> engine -> events file ({r.Events:N0} events, {r.OutputBytes / 1e6:N1} MB)")
            .AddColumns("", "UTF-8 path (replay)", "text path (before)", "ratio");
        string Ratio(double before, double after) => after > 0 ? $"{before / after:N1}x" : "—";
        t.AddRow("end to end", $"{r.FastSeconds:F3} s", $"{r.NaiveSeconds:F3} s", Ratio(r.NaiveSeconds, r.FastSeconds));
        t.AddRow("lines / s", $"{r.LinesPerSecond:N0}", $"{r.NaiveLinesPerSecond:N0}", "");
        t.AddRow("input MB / s", $"{r.MegabytesPerSecond:N1}", $"{r.NaiveMegabytesPerSecond:N1}", "");
        t.AddRow("read + parse alone", $"{r.ParseSeconds:F3} s ({Per(r.ParseSeconds, r.Lines)} µs/line)", $"{r.NaiveParseSeconds:F3} s ({Per(r.NaiveParseSeconds, r.Lines)} µs/line)", Ratio(r.NaiveParseSeconds, r.ParseSeconds));
        t.AddRow("parse allocations", $"{r.ParseAllocatedBytes / (double)r.Lines:N0} B/line", $"{r.NaiveParseAllocatedBytes / (double)r.Lines:N0} B/line", "");
        t.AddRow("engine", $"{r.EngineSeconds:F3} s ({Per(r.EngineSeconds, r.Lines)} µs/line)", "(same engine)", "");
        t.AddRow("write events", $"{r.WriteSeconds:F3} s ({Per(r.WriteSeconds, r.Events)} µs/event)", $"{r.NaiveWriteSeconds:F3} s ({Per(r.NaiveWriteSeconds, r.Events)} µs/event)", Ratio(r.NaiveWriteSeconds, r.WriteSeconds));
        t.AddRow("write allocations", $"{r.WriteAllocatedBytes / (double)Math.Max(1, r.Events):N0} B/event", $"{r.NaiveWriteAllocatedBytes / (double)Math.Max(1, r.Events):N0} B/event", "");
        double sum = r.ParseSeconds + r.EngineSeconds + r.WriteSeconds;
        t.AddRow("parse + write alone (engine excluded)", $"{r.Lines / (r.ParseSeconds + r.WriteSeconds):N0} lines/s", $"{r.Lines / (r.NaiveParseSeconds + r.NaiveWriteSeconds):N0} lines/s", Ratio(r.NaiveParseSeconds + r.NaiveWriteSeconds, r.ParseSeconds + r.WriteSeconds));
        t.AddRow("share: parse / engine / write", $"{Share(r.ParseSeconds, sum)} / {Share(r.EngineSeconds, sum)} / {Share(r.WriteSeconds, sum)}", "", "");
        foreach (var (type, (count, seconds, events)) in r.EngineByType)
            t.AddRow($"  engine: {type} x {count:N0}", $"{seconds:F3} s ({Per(seconds, count)} µs each, {events / (double)count:N1} events each)", "", "");
        t.AddRow("lines on the slow parser", $"{r.SlowPathLines:N0}", "", "");
        t.AddRow("events and state", r.EventsIdentical && r.HashesIdentical ? "[green]byte-identical[/]" : "[red]DIFFERENT[/]", "", "");
        AnsiConsole.Write(t);

        static string Per(double seconds, long n) => (seconds * 1e6 / Math.Max(1, n)).ToString("N3", CultureInfo.InvariantCulture);
        static string Share(double part, double sum) => sum > 0 ? (part / sum).ToString("P0", CultureInfo.InvariantCulture) : "—";
    }

    private static void PrintJson(CrashWorkloadOptions o, Result core, Result? reference, bool same, EndToEndBench.Result? e2e)
    {
        using var stdout = Console.OpenStandardOutput();
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
            WriteEndToEnd(w, e2e);
        w.WriteEndObject();
        w.Flush();
        stdout.WriteByte((byte)'\n');

        static void Write(Utf8JsonWriter w, string name, Result r, int accounts)
        {
            w.WriteStartObject(name);
            w.WriteNumber("setupSeconds", r.SetupSeconds);
            w.WriteNumber("crashSeconds", r.CrashSeconds);
            w.WriteNumber("commandsPerSecond", r.CommandsPerSecond);
            w.WriteNumber("liquidations", r.Liquidations);
            w.WriteNumber("liquidationsPerSecond", r.Liquidations / r.CrashSeconds);
            w.WriteNumber("adlFills", r.AdlFills);
            w.WriteNumber("adlFillsPerSecond", r.AdlFills / r.CrashSeconds);
            w.WriteNumber("events", r.Events);
            w.WriteNumber("managedBytesPerAccount", r.ManagedBytes / (double)accounts);
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
        w.WriteEndObject();
    }

    private static string Us(long ns) => (ns / 1000.0).ToString(ns < 10_000 ? "N2" : "N0", CultureInfo.InvariantCulture);

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static void Progress(string message) => Console.Error.WriteLine("bench: " + message);
}
