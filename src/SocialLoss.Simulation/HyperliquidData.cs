using System.Globalization;
using System.Text.Json;

namespace SocialLoss.Simulation;

/// <summary>One row of <c>btc_sol_positions.csv</c>: a wallet's BTC or SOL position during the 10 Oct 2025 event.</summary>
/// <param name="User">Wallet address.</param>
/// <param name="Asset"><c>BTC</c> or <c>SOL</c>.</param>
/// <param name="Side">+1 long, −1 short.</param>
/// <param name="Size">Position size left at the end of the window (base units, unsigned; 0 = closed).</param>
/// <param name="Entry">Entry price when the position was opened inside the window (null for pre-existing positions).</param>
/// <param name="RealizedPnl">PnL realized on this coin in the window (liquidation loss, ADL profit, trades).</param>
/// <param name="Liquidated">The position was liquidated.</param>
/// <param name="Adl">The position was auto-deleveraged.</param>
/// <param name="PreExisting">The position existed before the window.</param>
public sealed record HlPosition(string User, string Asset, int Side, decimal Size, decimal? Entry, decimal RealizedPnl, bool Liquidated, bool Adl, bool PreExisting);

/// <summary>One row of <c>adl_by_user.csv</c> (all markets of the wallet together).</summary>
/// <param name="User">Wallet address.</param>
/// <param name="AdlNotional">Notional closed by ADL, all markets (USD).</param>
/// <param name="ClosedPnl">PnL closed by ADL, all markets (USD).</param>
/// <param name="Leverage">Notional / account value at the time of the ADL.</param>
/// <param name="AccountValue">Account value at the time of the ADL (USD).</param>
public sealed record HlAdlUser(string User, decimal AdlNotional, decimal ClosedPnl, double Leverage, decimal AccountValue);

/// <summary>Published per-market figures of the event (from the files of the data folder).</summary>
/// <param name="Asset">The coin.</param>
/// <param name="AdlNotional">ADL notional (adl_net_volume_by_ticker.csv).</param>
/// <param name="AdlFills">ADL fills.</param>
/// <param name="AdlAveragePrice">Average ADL price.</param>
/// <param name="AdlPnl">PnL closed by ADL.</param>
/// <param name="LiquidatedNotional">Liquidated notional (liq_plus_adl_by_ticker.csv).</param>
/// <param name="LiquidationEvents">Liquidation fills.</param>
/// <param name="AdlAccounts">Positions of this coin flagged ADL'd in btc_sol_positions.csv.</param>
/// <param name="LiquidatedAccounts">Positions of this coin flagged liquidated in btc_sol_positions.csv.</param>
/// <param name="AdlMedianLeverage">Median of adl_by_user's leverage over the wallets ADL'd in this coin.</param>
/// <param name="AdlProfitableShare">Share of this coin's ADL'd positions with a positive realized PnL.</param>
public sealed record HlPublished(string Asset, decimal AdlNotional, int AdlFills, decimal AdlAveragePrice, decimal AdlPnl,
    decimal LiquidatedNotional, int LiquidationEvents, int AdlAccounts, int LiquidatedAccounts, double AdlMedianLeverage, double AdlProfitableShare);

/// <summary>The Hyperliquid 10 Oct 2025 files (<c>data/hyperliquid_2025-10-10/</c>, read gzipped or not), as published.</summary>
public sealed class HyperliquidData
{
    /// <summary>The headline figures over every market (adl_realtime_summary.json): median leverage of the ADL'd accounts.</summary>
    public double AllMarketsMedianLeverage { get; private init; }

    /// <summary>Share of ADL'd positions in profit over every market (adl_realtime_summary.json).</summary>
    public double AllMarketsProfitableShare { get; private init; }

    /// <summary>Positions of btc_sol_positions.csv.</summary>
    public IReadOnlyList<HlPosition> Positions { get; private init; } = [];

    /// <summary>adl_by_user.csv by wallet.</summary>
    public IReadOnlyDictionary<string, HlAdlUser> AdlUsers { get; private init; } = new Dictionary<string, HlAdlUser>();

    /// <summary>Per-market published figures, for BTC and SOL.</summary>
    public IReadOnlyDictionary<string, HlPublished> Published { get; private init; } = new Dictionary<string, HlPublished>();

    /// <summary>Reads the folder (e.g. <c>data/hyperliquid_2025-10-10</c>).</summary>
    public static HyperliquidData Load(string folder)
    {
        var positions = Csv(Path.Combine(folder, "btc_sol_positions.csv")).Select(r => new HlPosition(
            r["user_address"], r["asset"], r["side"] == "LONG" ? 1 : -1, Math.Abs(D(r["position_size"])),
            r["entry_price"].Length == 0 ? null : D(r["entry_price"]), D(r["realized_pnl"]),
            r["was_liquidated"] == "True", r["was_adl"] == "True", r["had_pre_existing_position"] == "True")).ToArray();
        var users = Csv(Path.Combine(folder, "adl_by_user.csv")).Select(r => new HlAdlUser(r["user"], D(r["adl_notional"]), D(r["closed_pnl"]),
            double.Parse(r["leverage_realtime"], CultureInfo.InvariantCulture), D(r["account_value_realtime"])))
            .ToDictionary(u => u.User, StringComparer.Ordinal);
        var adlByTicker = Csv(Path.Combine(folder, "adl_net_volume_by_ticker.csv")).ToDictionary(r => r["ticker"], StringComparer.Ordinal);
        var liqByTicker = Csv(Path.Combine(folder, "liq_plus_adl_by_ticker.csv")).ToDictionary(r => r["ticker"], StringComparer.Ordinal);
        var published = new Dictionary<string, HlPublished>(StringComparer.Ordinal);
        foreach (var asset in new[] { "BTC", "SOL" })
        {
            var a = adlByTicker[asset];
            var l = liqByTicker[asset];
            var adl = positions.Where(p => p.Asset == asset && p.Adl).ToArray();
            var levs = adl.Where(p => users.ContainsKey(p.User)).Select(p => users[p.User].Leverage).ToArray();
            published[asset] = new HlPublished(asset, D(a["net_notional_usd"]), int.Parse(a["num_adl_events"], CultureInfo.InvariantCulture),
                D(a["avg_price"]), D(a["total_pnl"]), D(l["liq_notional"]), int.Parse(l["liq_events"], CultureInfo.InvariantCulture),
                adl.Length, positions.Count(p => p.Asset == asset && p.Liquidated),
                Statistics.Quantile(levs, 0.5), adl.Length == 0 ? 0 : adl.Count(p => p.RealizedPnl > 0) / (double)adl.Length);
        }

        double medianAll = double.NaN, profitableAll = double.NaN;
        var summary = Path.Combine(folder, "adl_realtime_summary.json");
        if (DataFile.Exists(summary))
        {
            using var doc = JsonDocument.Parse(DataFile.ReadAllText(summary));
            var k = doc.RootElement.GetProperty("key_findings");
            medianAll = k.GetProperty("median_leverage_realtime").GetDouble();
            profitableAll = k.GetProperty("profitable_positions_pct").GetDouble() / 100;
        }

        return new HyperliquidData { Positions = positions, AdlUsers = users, Published = published, AllMarketsMedianLeverage = medianAll, AllMarketsProfitableShare = profitableAll };
    }

    private static decimal D(string s) => s.Length == 0 ? 0 : decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static IEnumerable<Dictionary<string, string>> Csv(string path)
    {
        if (!DataFile.Exists(path))
            throw new ScenarioException($"Hyperliquid data file not found: {path}");
        string[]? header = null;
        foreach (var line in DataFile.ReadLines(path))
        {
            if (line.Length == 0)
                continue;
            var f = line.Split(',');
            if (header is null)
            {
                header = f;
                continue;
            }

            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++)
                row[header[i]] = i < f.Length ? f[i] : "";
            yield return row;
        }
    }
}
