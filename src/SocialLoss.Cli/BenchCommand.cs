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
        var commands = new Option<int>("--commands") { Description = "Commands in the crash path (marks, trades, an hourly funding, book, deposits, withdrawals)", DefaultValueFactory = _ => 2_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object" };
        var noReference = new Option<bool>("--no-reference") { Description = "Skip the naive oracle engine (no speed-up, no hash check)" };
        var noEndToEnd = new Option<bool>("--no-end-to-end") { Description = "Skip the end-to-end run (JSONL file -> parse -> engine -> events file)" };
        var large = new Option<int>("--large") { Description = "Also run the crash at this population through the engine alone (e.g. 1000000)" };
        var fundingHolders = new Option<int>("--funding-holders") { Description = "Also time 5 fundings over this many holders (e.g. 1000000)" };
        var command = new Command("bench", """
            Macro benchmark: builds a seeded population (one position per account, leverage spread), replays a crash
            path that liquidates about 5% of it with ADL through the engine (a mark a second of path time, a funding at
            most hourly), and prints commands per second, latency percentiles per command type, liquidations and ADL
            fills per second and memory per account; then runs the same workload through the naive oracle engine
            (decimal, full scans, ADL re-sorted per fill) and checks that both final state hashes are identical (exit 1
            if not). End to end: writes the whole workload (set-up, the population's fills as trades, the crash) to a
            temporary JSONL file and replays it from the file with the events written to a file, through the UTF-8 path
            of `replay` and through the text path it replaced, and breaks the time down into read + parse, engine and
            event writing (exit 1 if the two event files differ); the trade p50 is set against the parse time of a line.
            --large N runs the crash again at N accounts (engine only); --funding-holders N times fundings over N
            holders. Progress on stderr.
            """)
        {
            accounts, commands, seed, json, noReference, noEndToEnd, large, fundingHolders,
        };
        command.SetAction(p => Run(new BenchSettings(p.GetValue(accounts), p.GetValue(commands), p.GetValue(seed), !p.GetValue(noReference),
            !p.GetValue(noEndToEnd), p.GetValue(large), p.GetValue(fundingHolders)), p.GetValue(json)));
        return command;
    }

    private static int Run(BenchSettings settings, bool json)
    {
        if (settings.Accounts < 2 || settings.Commands < 2 || settings.LargeAccounts < 0 || settings.FundingHolders < 0)
            throw CliError.Invalid("--accounts and --commands must be at least 2, --large and --funding-holders not negative");

        var r = BenchSuite.Run(settings, Progress);
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            BenchReport.WriteJson(stdout, r);
        }
        else
            PrintTables(r);
        if (!r.HashesIdentical)
            Console.Error.WriteLine($"socialloss: state hashes differ: engine {r.Core.Hash}, reference {r.Oracle!.Hash}");
        if (!r.EndToEndIdentical)
            Console.Error.WriteLine("socialloss: end to end: the UTF-8 and text paths wrote different events or states");
        return r.HashesIdentical && r.EndToEndIdentical ? 0 : 1;
    }

    private static void PrintTables(BenchResults results)
    {
        var (o, core, reference, e2e, large, largeAccounts, funding) = results;
        bool same = results.HashesIdentical;
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
            PrintEndToEnd(e2e, core.P50Microseconds("trade"));
        var extra = new Table().Title("at scale").AddColumns("", "");
        if (large is not null)
            extra.AddRow($"crash at {largeAccounts:N0} accounts", $"{large.CrashSeconds:F2} s ({large.Commands:N0} commands, {large.Liquidations:N0} liquidations, " +
                $"{large.ManagedBytes / (double)largeAccounts:N0} B/account, trade p50 {large.P50Microseconds("trade"):N2} µs)");
        if (funding is not null)
            extra.AddRow($"funding over {funding.Holders:N0} holders", $"p50 {funding.Latency.GetValueAtPercentile(50) / 1e6:N1} ms, max {funding.Latency.GetMaxValue() / 1e6:N1} ms " +
                $"({funding.EventsPerFunding:N0} events, {funding.AllocatedBytes / (double)funding.Holders:N0} B allocated per holder)");
        if (results.FundingIndex is { } index)
            extra.AddRow($"funding by index over {index.Holders:N0} holders", $"p50 {index.Latency.GetValueAtPercentile(50) / 1e6:N1} ms, max {index.Latency.GetMaxValue() / 1e6:N1} ms " +
                $"({index.EventsPerFunding:N0} events, {index.AllocatedBytes / (double)index.Holders:N0} B allocated per holder)");
        if (extra.Rows.Count > 0)
            AnsiConsole.Write(extra);
    }

    private static void PrintEndToEnd(EndToEndBench.Result r, double? tradeP50)
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
        if (tradeP50 is { } trade)
            t.AddRow("trade p50 (crash) / parse of a line", $"{trade:N3} µs / {Per(r.ParseSeconds, r.Lines)} µs = {trade / (r.ParseSeconds * 1e6 / r.Lines):N1}x", "", "");
        t.AddRow("write events", $"{r.WriteSeconds:F3} s ({Per(r.WriteSeconds, r.Events)} µs/event)", $"{r.NaiveWriteSeconds:F3} s ({Per(r.NaiveWriteSeconds, r.Events)} µs/event)", Ratio(r.NaiveWriteSeconds, r.WriteSeconds));
        t.AddRow("write allocations", $"{r.WriteAllocatedBytes / (double)Math.Max(1, r.Events):N0} B/event", $"{r.NaiveWriteAllocatedBytes / (double)Math.Max(1, r.Events):N0} B/event", "");
        double sum = r.ParseSeconds + r.EngineSeconds + r.WriteSeconds;
        t.AddRow("parse + write alone (engine excluded)", $"{r.Lines / (r.ParseSeconds + r.WriteSeconds):N0} lines/s", $"{r.Lines / (r.NaiveParseSeconds + r.NaiveWriteSeconds):N0} lines/s", Ratio(r.NaiveParseSeconds + r.NaiveWriteSeconds, r.ParseSeconds + r.WriteSeconds));
        t.AddRow("share: parse / engine / write", $"{Share(r.ParseSeconds, sum)} / {Share(r.EngineSeconds, sum)} / {Share(r.WriteSeconds, sum)}", "", "");
        foreach (var (type, (count, seconds, events)) in r.EngineByType)
            t.AddRow($"  engine: {type} x {count:N0}", $"{seconds:F3} s ({Per(seconds, count)} µs each, {events / (double)count:N1} events each)", "", "");
        t.AddRow("lines on the slow parser", $"{r.SlowPathLines:N0}", "", "");
        t.AddRow("events and state", r.EventsIdentical && r.HashesIdentical ? "[green]byte-identical[/]" : "[red]DIFFERENT[/]", "", "");
        if (r.TradeMark is { } tm)
            t.AddRow($"trade/mark workload ({tm.Trades:N0} trades, {tm.Marks:N0} marks after {tm.SetupLines:N0} set-up lines)",
                $"{tm.LinesPerSecond:N0} lines/s ({Per(tm.Seconds, tm.Lines)} µs/line, parse {Per(tm.ParseSeconds, tm.Lines)}; {tm.Rejected:N0} rejected, {tm.Liquidations:N0} liquidations)", "", "");
        AnsiConsole.Write(t);

        static string Per(double seconds, long n) => (seconds * 1e6 / Math.Max(1, n)).ToString("N3", CultureInfo.InvariantCulture);
        static string Share(double part, double sum) => sum > 0 ? (part / sum).ToString("P0", CultureInfo.InvariantCulture) : "—";
    }

    private static string Us(long ns) => (ns / 1000.0).ToString(ns < 10_000 ? "N2" : "N0", CultureInfo.InvariantCulture);

    private static void Progress(string message) => Console.Error.WriteLine("bench: " + message);
}
