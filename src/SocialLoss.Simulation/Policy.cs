using System.Text.Json;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;

namespace SocialLoss.Simulation;

/// <summary>
/// A named loss policy: a <c>config</c> command line of the contract. The engine's own parser reads it, so
/// any policy name the engine accepts (a new ADL ranking, a new clawback method) can be used in a scenario
/// file without touching the simulator.
/// </summary>
/// <param name="Name">Short name shown in tables and charts.</param>
/// <param name="ConfigLine">The <c>config</c> command, one JSON line.</param>
/// <param name="Description">What the policy does, in words.</param>
public sealed record Policy(string Name, string ConfigLine, string Description)
{
    /// <summary>The parsed <c>config</c> command (throws <see cref="CommandFormatException"/> when the engine does not accept it).</summary>
    public ConfigureCommand Command() =>
        CommandParser.Parse(ConfigLine) as ConfigureCommand
        ?? throw new CommandFormatException($"policy {Name}: expected a config command");

    /// <summary>A policy from a JSON object with the fields of the <c>config</c> command (without <c>type</c>).</summary>
    public static Policy FromConfigObject(string name, JsonElement config, string? description = null)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "config");
            foreach (var p in config.EnumerateObject())
                if (p.Name != "type")
                    p.WriteTo(w);
            w.WriteEndObject();
        }

        return new Policy(name, System.Text.Encoding.UTF8.GetString(ms.ToArray()), description ?? "custom policy");
    }
}

/// <summary>
/// The built-in policies, by name. Adding one is one line: a name, a <c>config</c> line, a description.
/// </summary>
public static class PolicyCatalog
{
    /// <summary>Built-in policies in display order.</summary>
    public static IReadOnlyList<Policy> All { get; } =
    [
        new("bitmex-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"bitmex","price":"bankruptcy"},"waterfall":["insurance"]}""",
            "book, then ADL ranked by PnL% x effective leverage at the bankruptcy price (BitMEX)"),
        new("hyperliquid-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"hyperliquid","price":"mark"},"waterfall":["insurance"]}""",
            "book, then ADL ranked by (mark/entry) x notional/account value at the mark price (Hyperliquid); bad debt to the fund"),
        new("binance-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"binance","price":"bankruptcy"},"waterfall":["insurance"]}""",
            "book, then ADL ranked by PnL% x margin ratio at the bankruptcy price (Binance)"),
        new("size-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"size","price":"bankruptcy"},"waterfall":["insurance"]}""",
            "book, then ADL of the largest opposing positions first, at the bankruptcy price"),
        new("pro-rata-clawback", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"pro-rata","base":"unrealized-pnl"}}""",
            "book, the fund takes the rest at mark; bad debt: insurance fund, then a pro-rata haircut of winners' unrealized profit"),
        new("insurance-only", """{"type":"config","closeout":["book"],"waterfall":["insurance"]}""",
            "book, the fund takes the rest at mark; bad debt: insurance fund, the rest is recorded as deficit"),
    ];

    /// <summary>The names of the built-in policies, then those of <c>compare</c>'s presets not already among them.</summary>
    public static IEnumerable<string> Names => All.Select(p => p.Name).Concat(PolicyPresets.All.Select(p => p.Key)).Distinct();

    /// <summary>
    /// A policy by name: a built-in one, else a <c>compare</c> preset (<see cref="PolicyPresets"/>: fair-adl,
    /// dydx-adl, capped-pro-rata, min-max, risk-aware, open-interest, ...), or null. A built-in name wins.
    /// </summary>
    public static Policy? Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? (PolicyPresets.Find(name) is { } line ? new Policy(name, line, "the compare preset of that name (see socialloss compare --list)") : null);

    /// <summary>Built-in policies by name; an unknown name is an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static IReadOnlyList<Policy> Resolve(IEnumerable<string> names, IReadOnlyList<Policy>? extra = null)
    {
        var list = new List<Policy>();
        foreach (var raw in names)
        {
            var name = raw.Trim();
            if (name.Length == 0)
                continue;
            var p = extra?.FirstOrDefault(x => x.Name == name) ?? Find(name)
                ?? throw new ArgumentException($"unknown policy \"{name}\" (known: {string.Join(", ", (extra ?? []).Select(x => x.Name).Concat(Names).Distinct())})");
            list.Add(p);
        }

        return list;
    }
}
