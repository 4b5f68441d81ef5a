using System.CommandLine;
using System.Globalization;
using HdrHistogram;
using SocialLoss.Benchmarking;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary><c>socialloss bench [--accounts N] [--commands M] [--json]</c>: binds the options, runs <see cref="MacroBench"/> and renders its figures.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Population: accounts with one BTC-PERP position each", DefaultValueFactory = _ => 10_000 };
        var commands = new Option<int>("--commands") { Description = "Commands in the crash path (marks, trades, funding, book, deposits, withdrawals)", DefaultValueFactory = _ => 2_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object" };
        var noReference = new Option<bool>("--no-reference") { Description = "Skip the naive oracle engine (no speed-up, no hash check)" };
        var noEndToEnd = new Option<bool>("--no-end-to-end") { Description = "Skip the end-to-end run (JSONL file -> parse -> engine -> events file)" };
        var command = new Command("bench", """
            Macro benchmark: builds a seeded population (one position per account, leverage spread), replays a crash
            path that liquidates about 5% of it with ADL through the engine, and prints commands per second, latency
            percentiles per command type, liquidations and ADL fills per second and memory per account; then runs the
            same workload through the naive oracle engine (decimal, full scans, ADL re-sorted per fill) and checks
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

        var core = MacroBench.RunCore(workload, Progress);
        CrashRun? reference = noReference ? null : MacroBench.RunOracle(workload, Progress);
        bool same = reference is null || reference.Hash == core.Hash;
        var endToEnd = noEndToEnd ? null : EndToEndBench.Run(workload, Progress);

        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            BenchReport.WriteJson(stdout, options, core, reference, same, endToEnd);
        }
        else
            PrintTables(options, core, reference, same, endToEnd);
        if (!same)
            Console.Error.WriteLine($"socialloss: state hashes differ: engine {core.Hash}, reference {reference!.Hash}");
        bool endToEndSame = endToEnd is null || (endToEnd.EventsIdentical && endToEnd.HashesIdentical);
        if (!endToEndSame)
            Console.Error.WriteLine("socialloss: end to end: the UTF-8 and text paths wrote different events or states");
        return same && endToEndSame ? 0 : 1;
    }

    private static void PrintTables(CrashWorkloadOptions o, CrashRun core, CrashRun? reference, bool same, EndToEndBench.Result? e2e)
    {
        var summary = new Table().Title($"crash: {o.Accounts:N0} accounts, {o.Commands:N0} commands, seed {o.Seed}")
            .AddColumns("", "engine", "reference");
        string R(Func<CrashRun, string> f) => reference is null ? "—" : f(reference);
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

    private static string Us(long ns) => (ns / 1000.0).ToString(ns < 10_000 ? "N2" : "N0", CultureInfo.InvariantCulture);

    private static void Progress(string message) => Console.Error.WriteLine("bench: " + message);
}
