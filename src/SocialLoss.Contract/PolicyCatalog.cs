using SocialLoss.Core.Engine;

namespace SocialLoss.Contract;

/// <summary>
/// Every named loss policy, once (<see cref="All"/>; <see cref="Aliases"/> are other names of the same lines): <c>compare</c>, <c>simulate</c>, <c>demo</c>, the Hyperliquid rebuild and the
/// dashboard read this list. Adding a policy is one line here (name, <c>config</c> line, description); the
/// shared fixtures (every policy replays the demo crash, every policy runs in the simulator) then cover it.
/// Names are part of the public contract: never rename one, add an alias instead.
/// </summary>
/// <remarks>
/// Where <c>compare</c> and <c>simulate</c> used to disagree, the catalog keeps the meaning the README documents:
/// <c>bitmex-adl</c>, <c>binance-adl</c> and <c>size-adl</c> deleverage only once the insurance fund cannot absorb
/// the shortfall (<c>adl.trigger: fund-depleted</c>, documented for BitMEX and Binance), as <c>compare</c> had
/// them; <c>hyperliquid-adl</c> has the backstop rung (HLP's liquidator vault) before ADL at the mark, as
/// <c>compare</c> had it (a no-op where no backstop account exists, as in the generated populations).
/// </remarks>
public static class PolicyCatalog
{
    private const string Bankruptcy = "\"price\":\"bankruptcy\",\"trigger\":\"fund-depleted\"";

    /// <summary>Every policy, in display order.</summary>
    public static IReadOnlyList<Policy> All { get; } =
    [
        // production ADL queues: who is closed first, at what price (venues' documented rules)
        new("bitmex-adl", $$"""{"type":"config","closeout":["book","adl"],"adl":{"ranking":"bitmex",{{Bankruptcy}}},"waterfall":["insurance"]}""",
            "book, then (once the fund cannot absorb it) ADL ranked by PnL% x effective leverage at the bankruptcy price (BitMEX)"),
        new("binance-adl", $$"""{"type":"config","closeout":["book","adl"],"adl":{"ranking":"binance",{{Bankruptcy}}},"waterfall":["insurance"]}""",
            "book, then (once the fund cannot absorb it) ADL ranked by PnL% x margin ratio at the bankruptcy price (Binance)"),
        new("hyperliquid-adl", """{"type":"config","closeout":["book","backstop","adl"],"adl":{"ranking":"hyperliquid","price":"mark"},"backstop":{"price":"mark"},"waterfall":["insurance"]}""",
            "book, backstop (HLP liquidator vault) at the mark, then ADL ranked by (mark/entry) x notional/account value at the mark price (Hyperliquid); bad debt to the fund"),
        new("hyperliquid-documented", """{"type":"config","closeout":["book","backstop","adl"],"adl":{"ranking":"hyperliquid","price":"previous-mark","trigger":"fund-depleted"},"backstop":{"price":"bankruptcy","transferBelow":"0.666666667"},"liquidation":{"partialAbove":"100000","partialFraction":"0.2","cooldown":"30"},"waterfall":["insurance"]}""",
            "Hyperliquid's liquidation docs: positions above $100k 20% at a time to the book (30 s cooldown), the whole account to the liquidator vault below 2/3 of maintenance, ADL of a negative account at the previous mark"),
        new("size-adl", $$"""{"type":"config","closeout":["book","adl"],"adl":{"ranking":"size",{{Bankruptcy}}},"waterfall":["insurance"]}""",
            "book, then (once the fund cannot absorb it) ADL of the largest opposing positions first, at the bankruptcy price"),
        new("dydx-adl", $$"""{"type":"config","closeout":["book","adl"],"adl":{"ranking":"dydx","seed":"1",{{Bankruptcy}}},"waterfall":["insurance"]}""",
            "book, then (once the fund cannot absorb it) ADL of opposing accounts in id order from a seeded pseudo-random start, at the bankruptcy price (dYdX v4)"),

        // fair allocations of the same shortfall
        new("fair-adl", $$"""{"type":"config","closeout":["book","adl"],"adl":{"ranking":"fair",{{Bankruptcy}}},"waterfall":["insurance"]}""",
            "book, then (once the fund cannot absorb it) every opposing position reduced by its capped pro-rata share of profit, at the bankruptcy price") { Fair = true },
        new("pro-rata", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"pro-rata","base":"unrealized-pnl"}}""",
            "book, the fund takes the rest at mark; bad debt: insurance fund, then a pro-rata haircut of winners' unrealized profit") { Fair = true },
        new("capped-pro-rata", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"capped-pro-rata","base":"unrealized-pnl","cap":"0.5"}}""",
            "book, the fund takes the rest at mark; bad debt: pro-rata haircut of unrealized profit, at most 50% of any winner's") { Fair = true },
        new("min-max", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"min-max","base":"unrealized-pnl"}}""",
            "book, the fund takes the rest at mark; bad debt: clawback minimising the largest haircut as a share of equity, each at most its profit") { Fair = true },
        new("risk-aware", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"risk-aware","base":"unrealized-pnl"}}""",
            "book, the fund takes the rest at mark; bad debt: clawback proportional to profit x effective leverage, capped at the profit") { Fair = true },
        // per-wave pooled allocations and the 2026 ADL rules (issue 11): one allocation per wave of bankruptcies
        new("fair-adl-wave", $$"""{"type":"config","closeout":["book","adl"],"adl":{"ranking":"fair",{{Bankruptcy}}},"waterfall":["insurance"],"allocation":"per-wave"}""",
            "fair-adl, but the lots of every bankruptcy of a wave are pooled and shared once over the winners") { Fair = true },
        new("min-max-wave", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"min-max","base":"unrealized-pnl"},"allocation":"per-wave"}""",
            "min-max clawback of the pooled bad debt of each wave: the largest haircut as a share of equity minimised once per wave") { Fair = true },
        new("capped-pro-rata-wave", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"capped-pro-rata","base":"unrealized-pnl","cap":"0.4"},"allocation":"per-wave"}""",
            "capped pro-rata haircut of the pooled bad debt of each wave, at most 40% of any winner's profit per wave") { Fair = true },
        new("leverage-adl", $$"""{"type":"config","closeout":["book","adl"],"adl":{"ranking":"leverage",{{Bankruptcy}}},"waterfall":["insurance"],"allocation":"per-wave"}""",
            "book, then (once the fund cannot absorb it) the most-leveraged opposing positions cut down to a common leverage, per wave (Campbell, Hey, Moallemi, Nutz 2026)") { Fair = true },
        new("budgeted-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"budgeted","price":"bankruptcy"},"waterfall":["insurance"],"allocation":"per-wave"}""",
            "book, then ADL of only the lots that cover the wave's shortfall after the fund, min-max over the winners' equity; the fund takes the rest (Chitra et al. 2026)") { Fair = true },
        new("period-pro-rata", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"pro-rata","base":"period-profit"}}""",
            "book, the fund takes the rest at mark; bad debt: pro-rata haircut of the profit made since the last settlement") { Fair = true },

        // everyone pays, or nobody does
        new("open-interest", """{"type":"config","closeout":["book"],"waterfall":["insurance","open-interest"]}""",
            "book, the fund takes the rest at mark; bad debt: every open position pays per unit of open interest (Drift v2, Mango v4)"),
        new("deposit-index", """{"type":"config","closeout":["book"],"waterfall":["insurance","deposit-index"]}""",
            "book, the fund takes the rest at mark; bad debt: every depositor loses the same fraction of its balance (Drift spot)"),
        new("insurance-only", """{"type":"config","closeout":["book"],"waterfall":["insurance"]}""",
            "book, the fund takes the rest at mark; bad debt: insurance fund, the rest is recorded as deficit"),
    ];

    /// <summary>Other names of catalog policies (same line), kept because <c>simulate</c> and the Hyperliquid rebuild published them.</summary>
    public static IReadOnlyList<Policy> Aliases { get; } =
    [
        Alias("hyperliquid", "hyperliquid-adl", "the Hyperliquid 10 Oct 2025 rebuild's name"),
        Alias("pro-rata-clawback", "pro-rata", "simulate's name"),
        Alias("min-max-clawback", "min-max", "the Hyperliquid rebuild's name"),
        Alias("no-adl", "insurance-only", "the Hyperliquid rebuild's name"),
    ];

    /// <summary>
    /// What <c>simulate</c> and <c>demo</c> run when a scenario names no policies: the production queues, a clawback,
    /// the fund alone, and the fair allocations of the same shortfall.
    /// </summary>
    public static IReadOnlyList<Policy> SimulationDefaults { get; } =
        Resolve(["bitmex-adl", "hyperliquid-adl", "binance-adl", "size-adl", "pro-rata-clawback", "insurance-only", "fair-adl", "min-max", .. PerWaveFair]);

    /// <summary>
    /// The per-wave fair allocation the reports set beside the production queues (<c>fair-adl-wave</c>: fair ADL with
    /// the wave's bankruptcies pooled, issue 11 item 5), once the catalog has it; empty before.
    /// </summary>
    public static IReadOnlyList<string> PerWaveFair => All.Any(p => p.Name == "fair-adl-wave") ? ["fair-adl-wave"] : [];

    private static Policy Alias(string name, string of, string why)
    {
        var original = All.First(p => p.Name == of);
        return original with { Name = name, Description = $"{why} for {of}: {original.Description}", AliasOf = of };
    }

    /// <summary>Every name, aliases last.</summary>
    public static IEnumerable<string> Names => All.Concat(Aliases).Select(p => p.Name);

    /// <summary>A policy (or an alias) by name, or null.</summary>
    public static Policy? Find(string name) => All.FirstOrDefault(p => p.Name == name) ?? Aliases.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// The catalog policies (aliases last) whose <c>config</c> line gives exactly <paramref name="config"/>: how the dashboard
    /// and a report name the policy an engine runs. Empty for a policy of one's own.
    /// </summary>
    public static IReadOnlyList<Policy> Matching(EngineConfig config)
    {
        var text = ConfigJson.ToJson(config);
        return [.. CanonicalLines.Value.Where(p => p.Text == text).Select(p => p.Policy)];
    }

    /// <summary>Every catalog line (aliases last) in <see cref="ConfigJson.ToJson"/>'s form, parsed once: the dashboard asks at every refresh.</summary>
    private static readonly Lazy<(Policy Policy, string Text)[]> CanonicalLines =
        new(() => [.. All.Concat(Aliases).Select(p => (p, ConfigJson.ToJson(p.Command().Config)))]);

    /// <summary>The policy in one line of words: the close-out ladder, the ADL ranking and price, the loss waterfall.</summary>
    public static string Summary(EngineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return $"close-out {string.Join(" → ", config.CloseOut.Select(s => WireNames.NameOf(WireNames.CloseOut, s)).Append("fund"))}, "
            + $"ADL {WireNames.NameOf(WireNames.Ranking, config.AdlRanking)} at {WireNames.NameOf(WireNames.Price, config.AdlPrice)} price, "
            + $"waterfall {string.Join(" → ", config.Waterfall.Select(s => WireNames.NameOf(WireNames.Waterfall, s)).Append("deficit"))}";
    }

    /// <summary>
    /// Policies by name: <paramref name="extra"/> (a scenario's own) first, then the catalog; blank names are skipped.
    /// An unknown name is an <see cref="ArgumentException"/> listing the known ones.
    /// </summary>
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
