using System.CommandLine;
using System.Text.Json;
using SocialLoss.Contract;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary><c>socialloss compare COMMANDS.jsonl [--policies a,b,...] [--format table|json]</c>.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "JSONL commands; their own config line is replaced by each policy" };
        var policies = new Option<string?>("--policies")
        {
            Description = "Comma-separated policies (default: every catalog policy, aliases left out). " + string.Join(", ", PolicyCatalog.Names),
        };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        var list = new Option<bool>("--list") { Description = "Print every policy's name and config line, and exit" };
        var command = new Command("compare", """
            Replay the same commands under each loss policy and compare: bad debt, fund used, socialized total,
            deficit, accounts hit, largest haircut share, haircut Gini, top-1% share, hedges broken, overshoot,
            winners' PnL kept. Exit codes: 0 done; 1 file not found or unknown policy; 2 malformed input.
            """)
        {
            file, policies, format, list,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(policies), parse.GetValue(format)!, parse.GetValue(list)));
        return command;
    }

    private static int Run(string path, string? policyList, string format, bool list)
    {
        if (list)
        {
            foreach (var p in PolicyCatalog.All.Concat(PolicyCatalog.Aliases))
                Console.WriteLine($"{p.Name,-18} {p.ConfigLine}  {(p.Fair ? "[fair] " : "")}{p.Description}");
            return 0;
        }

        if (format is not ("table" or "json"))
            throw CliError.NotFound($"--format must be table or json, not \"{format}\"");
        if (!File.Exists(path))
            throw CliError.NotFound($"file not found: {path}");

        var names = policyList is null
            ? PolicyCatalog.All.Select(p => p.Name).ToList()
            : policyList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (names.FirstOrDefault(n => PolicyCatalog.Find(n) is null) is { } unknown)
            throw CliError.NotFound($"unknown policy \"{unknown}\" (expected one of: {string.Join(", ", PolicyCatalog.Names)})");
        var results = CliError.Wrap(() => PolicyComparison.Run(File.ReadAllText(path), names));

        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            return 0;
        }

        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected || console.Profile.Width < 200)
            console.Profile.Width = 200;
        var table = new Table().Title($"[bold]Loss policies compared on {Markup.Escape(Path.GetFileName(path))}[/]").Border(TableBorder.Rounded);
        foreach (var h in new[] { "policy", "liquidated", "ADL fills", "bad debt", "fund used", "socialized", "deficit", "hit", "max haircut", "max position share ADL'd", "Gini", "top 1%", "hedges broken", "overshoot", "winners kept" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var r in results)
            table.AddRow(r.Policy, r.Liquidations.ToString(), r.AdlFills.ToString(), r.BadDebt, r.FundUsed, r.Socialized, r.Deficit, r.AccountsHit.ToString(),
                $"{r.LargestHaircutShare:P1}", $"{r.LargestPositionShareClosed:P1}", $"{r.HaircutGini:F2}", $"{r.Top1PercentShare:P1}", r.HedgesBroken.ToString(), r.Overshoot, r.WinnersPnlKept);
        console.Write(table);
        return 0;
    }
}
