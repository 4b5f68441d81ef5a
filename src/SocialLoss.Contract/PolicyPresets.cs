namespace SocialLoss.Contract;

/// <summary>
/// Named loss policies for <c>compare</c>, each a <c>config</c> line of the contract (so every preset is
/// something a user could write). Names are part of the public contract.
/// </summary>
public static class PolicyPresets
{
    /// <summary>Preset name → its config line, in the order they are listed.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> All =
    [
        new("bitmex-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"bitmex","price":"bankruptcy","trigger":"fund-depleted"},"waterfall":["insurance"]}"""),
        new("binance-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"binance","price":"bankruptcy","trigger":"fund-depleted"},"waterfall":["insurance"]}"""),
        new("hyperliquid-adl", """{"type":"config","closeout":["book","backstop","adl"],"adl":{"ranking":"hyperliquid","price":"mark"},"backstop":{"price":"mark"},"waterfall":["insurance"]}"""),
        new("size-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"size","price":"bankruptcy","trigger":"fund-depleted"},"waterfall":["insurance"]}"""),
        new("dydx-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"dydx","price":"bankruptcy","seed":"1","trigger":"fund-depleted"},"waterfall":["insurance"]}"""),
        new("fair-adl", """{"type":"config","closeout":["book","adl"],"adl":{"ranking":"fair","price":"bankruptcy","trigger":"fund-depleted"},"waterfall":["insurance"]}"""),
        new("pro-rata", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"pro-rata","base":"unrealized-pnl"}}"""),
        new("capped-pro-rata", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"capped-pro-rata","base":"unrealized-pnl","cap":"0.5"}}"""),
        new("min-max", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"min-max","base":"unrealized-pnl"}}"""),
        new("risk-aware", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"risk-aware","base":"unrealized-pnl"}}"""),
        new("period-pro-rata", """{"type":"config","closeout":["book"],"waterfall":["insurance","clawback"],"clawback":{"method":"pro-rata","base":"period-profit"}}"""),
        new("open-interest", """{"type":"config","closeout":["book"],"waterfall":["insurance","open-interest"]}"""),
        new("deposit-index", """{"type":"config","closeout":["book"],"waterfall":["insurance","deposit-index"]}"""),
        new("insurance-only", """{"type":"config","closeout":["book"],"waterfall":["insurance"]}"""),
    ];

    /// <summary>The config line of a preset, or null when the name is unknown.</summary>
    public static string? Find(string name)
    {
        foreach (var (k, v) in All)
            if (k == name)
                return v;
        return null;
    }
}
