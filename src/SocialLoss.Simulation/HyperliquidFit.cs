using System.Globalization;
using System.Text;
using SocialLoss.Contract;

namespace SocialLoss.Simulation;

/// <summary>One point of the fit's grid: the free parameters and what the Hyperliquid policy did on BTC with them.</summary>
/// <param name="BackstopShare">Vault (HLP liquidator) capital as a share of the coin's published liquidated notional.</param>
/// <param name="DepthShare">Book depth per side per step as a share of the population's long open interest.</param>
/// <param name="AdlNotional">ADL notional (USD).</param>
/// <param name="AccountsAdled">Accounts deleveraged.</param>
/// <param name="Liquidations">Liquidation events (a partial liquidation is one each).</param>
/// <param name="Loss">max(|ADL notional / published − 1|, |accounts / published − 1|) + how far (relatively) the liquidations fall outside the published range.</param>
public sealed record HlFitPoint(double BackstopShare, double DepthShare, double AdlNotional, int AccountsAdled, int Liquidations, double Loss);

/// <summary>The fit: every grid point (in grid order) and the best, the parameters it gives.</summary>
/// <param name="Policy">The policy fitted (Hyperliquid's rules).</param>
/// <param name="Grid">Every point tried.</param>
/// <param name="Best">The point with the least loss (the first in grid order on a tie).</param>
/// <param name="Parameters">The replay's parameters with the best point's values.</param>
public sealed record HlFit(Policy Policy, IReadOnlyList<HlFitPoint> Grid, HlFitPoint Best, HyperliquidReplayParameters Parameters);

/// <summary>
/// The rebuild's free parameters — the vault's capital and the book's depth, which the published files do not give —
/// fitted on BTC alone, by a fixed grid (deterministic: the same data give the same fit on any machine), so that SOL,
/// run with the same values, is a prediction and not a fit. The loss is the larger of the relative errors of the two
/// published BTC figures the issue targets, ADL notional ($620.9M) and accounts ADL'd (1,759) — each is to be within a
/// bound, so a point is as good as its worse figure — plus the relative distance of the liquidation events from the
/// published range (1,575 accounts liquidated – 5,419 liquidation fills; zero inside it). The grid was chosen
/// coarse-to-fine by hand around the coarse optimum, and widened when the engine changed (since the insurance fund's
/// solvency rule, the positions a fund of zero takes over go down the ladder later, so the optimum moved to a deeper
/// book and a larger vault); the procedure in the code is the fixed grid, so a rerun gives the same fit.
/// </summary>
public static class HyperliquidFit
{
    /// <summary>Vault capital shares tried (of the coin's published liquidated notional).</summary>
    public static IReadOnlyList<double> BackstopShares { get; } = [0.004, 0.008, 0.016, 0.032];

    /// <summary>Book depth shares tried (of the long open interest, per side per step).</summary>
    public static IReadOnlyList<double> DepthShares { get; } = [0.02, 0.03, 0.04, 0.05];

    /// <summary>Fits on BTC; <paramref name="progress"/> gets (points done, points) from any thread.</summary>
    /// <param name="dataFolder">The data folder.</param>
    /// <param name="policy">The policy whose ADL is matched to the published figures.</param>
    /// <param name="start">Every other parameter of the replay (default: <see cref="HyperliquidReplayParameters"/>'s).</param>
    /// <param name="progress">Points done, of all.</param>
    /// <param name="backstopShares">The vault shares to try (default <see cref="BackstopShares"/>).</param>
    /// <param name="depthShares">The depth shares to try (default <see cref="DepthShares"/>).</param>
    public static HlFit FitBtc(string dataFolder, Policy policy, HyperliquidReplayParameters? start = null, Action<int, int>? progress = null,
        IReadOnlyList<double>? backstopShares = null, IReadOnlyList<double>? depthShares = null)
    {
        var p0 = start ?? new HyperliquidReplayParameters();
        var data = HyperliquidData.Load(Path.Combine(dataFolder, HyperliquidReplay.Folder));
        var candles = HyperliquidReplay.Candles(dataFolder, p0);
        var published = data.Published["BTC"];
        var venue = policy.WithBackstop();
        var grid = (from b in backstopShares ?? BackstopShares from d in depthShares ?? DepthShares select (b, d)).ToArray();
        var points = new HlFitPoint[grid.Length];
        int done = 0;
        Parallel.For(0, grid.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var p = With(p0, grid[i].b, grid[i].d);
            var sim = HyperliquidReplay.Prepare(data, "BTC", candles, p, [venue], out _);
            var m = Simulator.Run(sim, [venue], parallel: false).Results[0].Metrics;
            // the target is each figure within a bound, so the larger of the two errors is what a point is judged by
            double loss = Math.Max(Math.Abs(m.AdlNotional / (double)published.AdlNotional - 1), Math.Abs(m.AdlAccounts / (double)published.AdlAccounts - 1))
                          + OutsideRange(m.Liquidations, published.LiquidatedAccounts, published.LiquidationEvents);
            points[i] = new HlFitPoint(grid[i].b, grid[i].d, m.AdlNotional, m.AdlAccounts, m.Liquidations, loss);
            progress?.Invoke(Interlocked.Increment(ref done), grid.Length);
        });
        var best = points[0];
        foreach (var x in points)
            if (x.Loss < best.Loss)
                best = x;
        return new HlFit(venue, points, best, With(p0, best.BackstopShare, best.DepthShare));
    }

    /// <summary>Relative distance of <paramref name="value"/> from [<paramref name="low"/>, <paramref name="high"/>]; 0 inside.</summary>
    public static double OutsideRange(double value, double low, double high) =>
        value < low ? (low - value) / low : value > high ? (value - high) / high : 0;

    /// <summary>The parameters with a vault share and a book depth.</summary>
    public static HyperliquidReplayParameters With(HyperliquidReplayParameters p, double backstopShare, double depthShare) =>
        p with { BackstopShare = backstopShare, Liquidity = (p.Liquidity ?? new LiquidityParameters()) with { DepthShare = depthShare } };

    /// <summary>The fit and the prediction as Markdown: the grid, then fitted BTC and predicted SOL against the published figures.</summary>
    public static string Markdown(HlFit fit, IReadOnlyList<HlMarketRun> runs)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ci, $"Fit on BTC only (policy {fit.Policy.Name}; loss = max(|ADL notional / published − 1|, |accounts ADL'd / published − 1|) + relative distance of the liquidations outside the published range):\n\n");
        sb.Append("| vault share | depth share | ADL notional | accounts ADL'd | liquidations | loss |\n|---|---|---|---|---|---|\n");
        foreach (var x in fit.Grid)
            sb.Append(ci, $"| {x.BackstopShare:0.####} | {x.DepthShare:0.###} | ${x.AdlNotional / 1e6:N1}M | {x.AccountsAdled:N0} | {x.Liquidations:N0} | {x.Loss:0.000}{(x == fit.Best ? " (best)" : "")} |\n");
        sb.Append("\n| coin | role | ADL notional (engine / published / error) | accounts ADL'd (engine / published / error) | liquidation events (published: accounts – fills) |\n|---|---|---|---|---|\n");
        foreach (var run in runs)
        {
            var r = run.Result.Results.FirstOrDefault(x => x.Policy.Name == fit.Policy.Name) ?? run.Result.Results[0];
            var m = r.Metrics;
            var pub = run.Published;
            double e1 = m.AdlNotional / (double)pub.AdlNotional - 1, e2 = m.AdlAccounts / (double)pub.AdlAccounts - 1;
            bool inRange = m.Liquidations >= pub.LiquidatedAccounts && m.Liquidations <= pub.LiquidationEvents;
            sb.Append(ci, $"| {run.Asset} | {(run.Asset == "BTC" ? "fitted" : "predicted")} | ${m.AdlNotional / 1e6:N1}M / ${(double)pub.AdlNotional / 1e6:N1}M / {e1:+0.0%;-0.0%} | {m.AdlAccounts:N0} / {pub.AdlAccounts:N0} / {e2:+0.0%;-0.0%} | {m.Liquidations:N0} ({pub.LiquidatedAccounts:N0} – {pub.LiquidationEvents:N0}{(inRange ? ", in range" : ", outside")}) |\n");
        }

        sb.Append("\nAssumptions: ").Append(string.Join("; ", Assumptions)).Append(".\n");
        return sb.ToString();
    }

    /// <summary>Every assumption of the rebuild beyond the published files, in words (printed with the fit).</summary>
    public static IReadOnlyList<string> Assumptions { get; } =
    [
        "only the vault's capital (share of the coin's published liquidated notional) and the book's depth (share of the long open interest per step) are fitted, on BTC alone, over a fixed grid; SOL uses the same two values",
        "ADL'd wallets: the coin's share of a wallet's ADL notional and account value is its share of the wallet's closed PnL; size = that notional / the coin's average ADL price, plus the size left at the end; entry from the coin's realized PnL",
        "liquidated accounts lose their whole margin, entered at the path's first price, leverage log-normal (sigma 0.5) around the mean that reproduces the published liquidated notional, capped at 95% of the maximum leverage",
        "other open positions keep their end size at the ADL'd wallets' median leverage; one rest-of-market account is every opening trade's counterparty; no insurance fund (Hyperliquid has none)",
        "the book is the simulator's liquidity model (volume- and range-shaped levels thinning as the price falls); the path is Binance USD-M BTCUSDT 1m candles, four marks a candle with their real times; SOL's path is BTC's mapped to $185 → $137 at the low",
        "one account per wallet and coin (cross margin within the coin only); the vault takes an account only while it stays above its own maintenance margin",
    ];
}
