using System.CommandLine;
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

    /// <summary>Draws each of the run's tables; a failed check is red.</summary>
    private static void PrintTables(BenchResults results)
    {
        foreach (var figures in BenchTable.All(results))
        {
            var t = new Table().Title(Markup.Escape(figures.Title)).AddColumns([.. figures.Columns.Select(Markup.Escape)]);
            foreach (var row in figures.Rows)
                t.AddRow([.. row.Select(c => Markup.Escape(c).Replace(BenchTable.Different, $"[red]{BenchTable.Different}[/]", StringComparison.Ordinal))]);
            AnsiConsole.Write(t);
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine("bench: " + message);
}
