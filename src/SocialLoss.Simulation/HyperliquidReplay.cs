using System.Globalization;

namespace SocialLoss.Simulation;

/// <summary>
/// Parameters of the Hyperliquid 10 Oct 2025 replay. The data give, per ADL'd wallet, its ADL notional, closed
/// PnL, leverage and account value, and per BTC/SOL position its side, flags, realized PnL and the size left at
/// the end; they do not give pre-event sizes, entries or leverage of the liquidated accounts. What is missing is
/// filled by the documented assumptions of <see cref="HyperliquidReplay"/>, tuned by these parameters.
/// </summary>
/// <param name="CandleFile">BTC path: Binance USD-M 1m candles of the event (relative to the data folder).</param>
/// <param name="SolStart">SOL price at the start of the derived SOL path (no SOL candle file is bundled).</param>
/// <param name="SolLow">SOL low of the derived path (published: −26%, $185 → $137).</param>
/// <param name="LoserLeverageSigma">Log-normal spread of the liquidated accounts' leverage around the implied mean.</param>
/// <param name="BackstopShare">Capital of the backstop (HLP liquidator vault) as a share of the market's published liquidated notional.</param>
/// <param name="MakerLeverage">Gross notional / collateral of the account standing for the rest of the market (the counterparty of every opening trade).</param>
/// <param name="Liquidity">Book depth model (the simulator's liquidity model).</param>
/// <param name="Seed">Seed of the loser leverage draw.</param>
public sealed record HyperliquidReplayParameters(
    string CandleFile = "binance_klines/binance_usdm_BTCUSDT_perp_1m_2025-10-10T2011_2220.csv",
    decimal SolStart = 185m,
    decimal SolLow = 137m,
    double LoserLeverageSigma = 0.5,
    double BackstopShare = 0.002,
    double MakerLeverage = 1,
    LiquidityParameters? Liquidity = null,
    int Seed = 20251010);

/// <summary>One market of the replay: the reconstruction, the published figures and every policy's run.</summary>
/// <param name="Asset">The coin.</param>
/// <param name="Published">Published figures for this coin.</param>
/// <param name="Result">Every policy on the reconstructed population.</param>
/// <param name="RealAdl">Accounts flagged ADL'd in the data (the winners Hyperliquid actually deleveraged).</param>
/// <param name="Notes">How the population was reconstructed (counts, totals, assumptions in numbers).</param>
public sealed record HlMarketRun(string Asset, HlPublished Published, SimulationResult Result, IReadOnlySet<string> RealAdl, IReadOnlyList<string> Notes);

/// <summary>What an ADL or clawback policy did to the winners of one market.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="AccountsHit">Accounts deleveraged or clawed back.</param>
/// <param name="RealAdlHit">Of them, accounts Hyperliquid actually deleveraged.</param>
/// <param name="AdlNotional">Notional closed by ADL.</param>
/// <param name="LargestPositionShare">Largest share of one account's position closed by ADL.</param>
/// <param name="MedianPositionShare">Median share of the position closed, over the accounts deleveraged.</param>
/// <param name="LargestHaircut">Largest haircut (clawback, or ADL loss against the mark) as a share of what the account would have ended with.</param>
/// <param name="Gini">Gini of what the accounts hit lost: ADL'd notional for ADL policies, haircuts for clawbacks.</param>
/// <param name="Socialized">ADL loss versus the mark + clawbacks.</param>
/// <param name="BadDebt">Bad debt.</param>
/// <param name="Deficit">Bad debt nobody covered.</param>
public sealed record HlPolicyRow(string Policy, int AccountsHit, int RealAdlHit, double AdlNotional, double LargestPositionShare, double MedianPositionShare, double LargestHaircut,
    double Gini, double Socialized, double BadDebt, double Deficit);

/// <summary>Engine against published, one line.</summary>
/// <param name="Figure">What is compared.</param>
/// <param name="Engine">The engine's figure (formatted).</param>
/// <param name="Published">The published figure (formatted).</param>
public sealed record HlComparisonRow(string Figure, string Engine, string Published);

/// <summary>
/// The Hyperliquid 10 Oct 2025 replay: the BTC and SOL populations rebuilt from the published files, driven
/// through the event's prices on the engine under Hyperliquid's rules (close-out book → backstop → ADL ranked
/// by (mark/entry) × notional/account value at the mark price), compared with the published ADL figures, then
/// the same winners under fair ADL and clawbacks.
/// <para>Assumptions (the data do not say):</para>
/// <list type="bullet">
/// <item>ADL'd winners: the coin's share of a wallet's ADL notional and account value is its share of the
/// wallet's closed PnL (1 when the signs differ); the ADL'd size = that notional / the coin's average ADL price;
/// the size left at the end is added; the entry follows from the coin's realized PnL over the ADL'd size; the
/// deposit is the account value at the ADL less the unrealized PnL at the ADL price (at least the initial
/// margin at the start).</item>
/// <item>Liquidated accounts: the loss is the whole margin (a cross account holding this one position), entered
/// at the path's first price; leverage log-normal around the mean that makes the liquidated notional equal the
/// published one, capped at 95% of the market's maximum.</item>
/// <item>Other positions still open at the end (neither liquidated nor ADL'd) keep their end size, their entry
/// (or the first price) and the median leverage of the coin's ADL'd wallets. Positions closed in the window
/// without a flag are left out (their size is not published).</item>
/// <item>One account <c>rest-of-market</c> is the counterparty of every opening trade (the other holders of the
/// opposite side, not in the data), at <see cref="HyperliquidReplayParameters.MakerLeverage"/>; one backstop
/// <c>hlp</c> (the HLP liquidator vault); no insurance fund (Hyperliquid has none; bad debt is the deficit).</item>
/// <item>SOL: no SOL candles are bundled, so its path is the BTC path mapped by <c>185 × (p/p₀)^β</c> with β
/// chosen so the low is $137 (−26%); volumes are BTC's.</item>
/// </list>
/// </summary>
public static class HyperliquidReplay
{
    /// <summary>The name of the built-in scenario.</summary>
    public const string ScenarioName = "hyperliquid-2025-10-10";

    /// <summary>The data folder's sub-folder with the Hyperliquid files.</summary>
    public const string Folder = "hyperliquid_2025-10-10";

    /// <summary>
    /// Hyperliquid's rules and the alternatives run on the same winners: catalog policies, each with the venue's
    /// backstop rung (HLP) after the book (<see cref="Policy.WithBackstop"/>), so they differ only in who pays.
    /// </summary>
    public static IReadOnlyList<Policy> Policies { get; } =
        PolicyCatalog.Resolve(["hyperliquid", "fair-adl", "pro-rata-clawback", "min-max-clawback", "no-adl"]).Select(p => p.WithBackstop()).ToArray();

    /// <summary>The simulated markets: Hyperliquid's maximum leverage (BTC 40x, SOL 20x), maintenance = half the initial margin, no liquidation fee.</summary>
    public static MarketParameters Market(string asset) => asset switch
    {
        "BTC" => new MarketParameters("BTC-PERP", 0.1m, 0.00001m, 0.025m, 0.0125m, 0m),
        "SOL" => new MarketParameters("SOL-PERP", 0.001m, 0.01m, 0.05m, 0.025m, 0m),
        _ => throw new ArgumentException($"unknown asset {asset}", nameof(asset)),
    };

    /// <summary>Runs both markets under <paramref name="policies"/> (default: <see cref="Policies"/>).</summary>
    public static IReadOnlyList<HlMarketRun> Run(string dataFolder, HyperliquidReplayParameters? parameters = null, IReadOnlyList<Policy>? policies = null,
        Action<string, int, int>? progress = null)
    {
        var p = parameters ?? new HyperliquidReplayParameters();
        policies = policies?.Select(x => x.WithBackstop()).ToArray();
        var data = HyperliquidData.Load(Path.Combine(dataFolder, Folder));
        var btc = Candles(dataFolder, p);
        var runs = new List<HlMarketRun>();
        foreach (var asset in new[] { "BTC", "SOL" })
        {
            var candles = asset == "BTC" ? btc : DerivePath(btc, p.SolStart, p.SolLow);
            var sim = Prepare(data, asset, candles, p, policies ?? Policies, out var notes);
            var result = Simulator.Run(sim, policies ?? Policies, (i, s) => progress?.Invoke(asset, i, s));
            runs.Add(new HlMarketRun(asset, data.Published[asset], result,
                data.Positions.Where(x => x.Asset == asset && x.Adl).Select(x => Id(x.User)).ToHashSet(StringComparer.Ordinal), notes));
        }

        return runs;
    }

    /// <summary>The BTC candles of the event (<see cref="HyperliquidReplayParameters.CandleFile"/> under the data folder).</summary>
    public static IReadOnlyList<Candle> Candles(string dataFolder, HyperliquidReplayParameters p)
    {
        var btcFile = Path.IsPathRooted(p.CandleFile) ? p.CandleFile : Path.Combine(dataFolder, p.CandleFile);
        if (!DataFile.Exists(btcFile))
            throw new ScenarioException($"candle file not found: {btcFile}");
        return Candle.ReadCsv(btcFile);
    }

    /// <summary>
    /// A path for a coin without candles: every price of <paramref name="candles"/> mapped by
    /// <c>start × (p / p₀)^β</c>, β chosen so the lowest low maps to <paramref name="low"/>; volumes unchanged.
    /// </summary>
    public static IReadOnlyList<Candle> DerivePath(IReadOnlyList<Candle> candles, decimal start, decimal low)
    {
        double p0 = (double)candles[0].Open;
        double minLow = (double)candles.Min(c => c.Low);
        double beta = Math.Log((double)(low / start)) / Math.Log(minLow / p0);
        decimal Map(decimal x) => Math.Round((decimal)((double)start * Math.Pow((double)x / p0, beta)), 3);
        return candles.Select(c => new Candle(c.OpenTime, Map(c.Open), Map(c.High), Map(c.Low), Map(c.Close), c.Volume)).ToArray();
    }

    /// <summary>Account id of a wallet (shortened; ordinal order of the wallets is kept).</summary>
    public static string Id(string wallet) => wallet.Length > 14 ? wallet[..14] : wallet;

    /// <summary>Rebuilds one coin's population and prepares its simulation.</summary>
    public static PreparedSimulation Prepare(HyperliquidData data, string asset, IReadOnlyList<Candle> candles, HyperliquidReplayParameters p,
        IReadOnlyList<Policy> policies, out IReadOnlyList<string> notes)
    {
        var market = Market(asset);
        var published = data.Published[asset];
        var path = PricePath.FromCandles(candles, market.TickSize);
        var p0 = path[0].Price;
        var adlPrice = published.AdlAveragePrice;
        double maxLeverage = 0.95 / (double)market.InitialMargin;
        var rows = data.Positions.Where(x => x.Asset == asset).ToArray();
        var traders = new List<Trader>();
        var trades = new List<(string, string, decimal, decimal)>();
        const string maker = "rest-of-market";
        const string backstop = "hlp";
        decimal makerQty = 0, makerGross = 0, makerLoss = 0;
        var log = new List<string>();

        void Add(string id, TraderKind kind, int side, decimal qty, decimal entry, decimal deposit)
        {
            var lots = Math.Floor(qty / market.LotSize);
            if (lots <= 0)
                return;
            qty = lots * market.LotSize;
            entry = PopulationGenerator.RoundTo(entry, market.TickSize);
            var pnl0 = side * qty * (p0 - entry);
            var im = qty * p0 * market.InitialMargin;
            deposit = Math.Ceiling(Math.Max(deposit, im - pnl0 + 1) * 100) / 100;
            traders.Add(new Trader(id, kind, side * qty, entry, deposit, (double)(qty * p0 / (deposit + pnl0))));
            trades.Add(side > 0 ? (id, maker, entry, qty) : (maker, id, entry, qty));
            makerQty -= side * qty;
            makerGross += qty * Math.Max(entry, p0);
            makerLoss += Math.Abs(pnl0);
        }

        // winners Hyperliquid deleveraged
        var adlLevs = new List<double>();
        decimal winnersAdl = 0;
        int winners = 0;
        foreach (var r in rows.Where(x => x.Adl).OrderBy(x => x.User, StringComparer.Ordinal))
        {
            if (!data.AdlUsers.TryGetValue(r.User, out var u) || u.AdlNotional <= 0)
                continue;
            var share = r.RealizedPnl * u.ClosedPnl > 0 ? Math.Min(1, r.RealizedPnl / u.ClosedPnl) : 1m;
            var notional = share * u.AdlNotional;
            var qAdl = notional / adlPrice;
            var entry = Math.Clamp(adlPrice - r.Side * r.RealizedPnl / qAdl, adlPrice * 0.5m, adlPrice * 1.6m);
            var qty = qAdl + r.Size;
            var equityAtAdl = share * Math.Max(0, u.AccountValue);
            var deposit = equityAtAdl - r.Side * qty * (adlPrice - entry);
            Add(Id(r.User), TraderKind.Retail, r.Side, qty, entry, deposit);
            adlLevs.Add(u.Leverage);
            winnersAdl += notional;
            winners++;
        }

        // liquidated accounts: loss = margin, leverage around the implied mean
        var losers = rows.Where(x => x.Liquidated && !(x.Adl && data.AdlUsers.ContainsKey(x.User))).OrderBy(x => x.User, StringComparer.Ordinal).ToArray();
        var lossSum = losers.Sum(x => Math.Max(1m, -x.RealizedPnl));
        double implied = (double)(published.LiquidatedNotional / lossSum);
        double mean = Math.Min(implied, maxLeverage);
        var rng = new Random(p.Seed);
        foreach (var r in losers)
        {
            var loss = Math.Max(1m, -r.RealizedPnl);
            double z = PopulationGenerator.Normal(rng);
            double lev = Math.Clamp(mean * Math.Exp(p.LoserLeverageSigma * z - p.LoserLeverageSigma * p.LoserLeverageSigma / 2), 1, maxLeverage);
            Add(Id(r.User), TraderKind.HighLeverage, r.Side, loss * (decimal)lev / p0, p0, loss);
        }

        // bystanders still holding a position at the end
        var bystanderLev = (decimal)Math.Max(0.1, Statistics.Quantile(adlLevs, 0.5));
        int bystanders = 0;
        foreach (var r in rows.Where(x => !x.Liquidated && !x.Adl && x.Size > 0).OrderBy(x => x.User, StringComparer.Ordinal))
        {
            var entry = r.Entry is { } e && e > 0 ? e : p0;
            var n0 = traders.Count;
            Add(Id(r.User), TraderKind.Retail, r.Side, r.Size, entry, r.Size * p0 / bystanderLev);
            bystanders += traders.Count - n0;
        }

        // duplicate ids (a wallet both liquidated and holding another row) cannot happen: one row per wallet and coin
        var makerDeposit = Math.Ceiling((makerGross / (decimal)p.MakerLeverage + makerLoss) * 100) / 100 + 1;
        traders.Add(new Trader(maker, TraderKind.MarketMaker, makerQty, p0, makerDeposit, (double)(Math.Abs(makerQty) * p0 / makerDeposit)));
        var hlpCapital = Math.Round(published.LiquidatedNotional * (decimal)p.BackstopShare, 2);
        traders.Add(new Trader(backstop, TraderKind.MarketMaker, 0, p0, Math.Max(1, hlpCapital), 0));
        var population = new Population(traders, trades, p0) { Backstops = [backstop] };

        var longNotional = traders.Where(t => t.Quantity > 0 && t.Id != maker).Sum(t => t.Quantity) * p0;
        var shortNotional = traders.Where(t => t.Quantity < 0 && t.Id != maker).Sum(t => -t.Quantity) * p0;
        var ci = CultureInfo.InvariantCulture;
        log.Add(string.Format(ci, "{0}: {1:N0} ADL'd winners rebuilt (ADL notional apportioned ${2:N0}, published ${3:N0}), {4:N0} liquidated accounts (loss ${5:N0}, implied mean leverage {6:0.0}x{7}), {8:N0} other open positions at {9:0.00}x",
            asset, winners, winnersAdl, published.AdlNotional, losers.Length, lossSum, implied, implied > maxLeverage ? $", capped at {maxLeverage:0.0}x" : "", bystanders, bystanderLev));
        log.Add(string.Format(ci, "{0}: start price {1:N2}, longs ${2:N0}, shorts ${3:N0} at the start; rest-of-market holds {4:N2} {0} with ${5:N0}; backstop hlp ${6:N0}",
            asset, p0, longNotional, shortNotional, makerQty, makerDeposit, hlpCapital));
        notes = log;

        var scenario = new Scenario(ScenarioName + "-" + asset.ToLowerInvariant(),
            $"Hyperliquid 10 Oct 2025, {asset}: the population rebuilt from btc_sol_positions.csv and adl_by_user.csv" +
            (asset == "SOL" ? $"; SOL path derived from the BTC candles ({p.SolStart} → {p.SolLow} at the low)" : "; Binance USD-M 1m candles"),
            new PathSource(p.CandleFile), market, new PopulationParameters(Accounts: traders.Count), p.Liquidity ?? new LiquidityParameters(),
            0m, 0, p.Seed, policies);
        return PreparedSimulation.Build(scenario, candles, population);
    }

    /// <summary>Engine against published for one market (Hyperliquid's own rules are the policy named <c>hyperliquid</c>, or the first).</summary>
    public static IReadOnlyList<HlComparisonRow> Compare(HlMarketRun run, HyperliquidData? all = null)
    {
        var hl = run.Result.Results.FirstOrDefault(r => r.Policy.Name == "hyperliquid") ?? run.Result.Results[0];
        var m = hl.Metrics;
        var pub = run.Published;
        var pop = run.Result.Simulation.Population.ById;
        var ci = CultureInfo.InvariantCulture;
        var adlAccounts = hl.AdlFillList.Select(f => f.Account).Distinct().ToArray();
        var overlap = adlAccounts.Count(run.RealAdl.Contains);
        var (levs, profitable, pnl) = AdlStats(hl, pop);
        string U(double v) => "$" + (v / 1e6).ToString("N1", ci) + "M";
        return
        [
            new("liquidated notional", U(m.LiquidatedNotional), U((double)pub.LiquidatedNotional) + " (the rebuild's target)"),
            new("accounts liquidated", m.Liquidations.ToString("N0", ci), pub.LiquidatedAccounts.ToString("N0", ci) + $" flagged ({pub.LiquidationEvents:N0} fills)"),
            new("ADL notional", U(m.AdlNotional), U((double)pub.AdlNotional)),
            new("ADL fills", m.AdlFills.ToString("N0", ci), pub.AdlFills.ToString("N0", ci)),
            new("accounts ADL'd", m.AdlAccounts.ToString("N0", ci), pub.AdlAccounts.ToString("N0", ci)),
            new("of which ADL'd in reality", adlAccounts.Length == 0 ? "–" : $"{overlap:N0} ({overlap / (double)adlAccounts.Length:P0})", "–"),
            new("PnL closed by ADL", U(pnl), U((double)pub.AdlPnl)),
            new("median leverage of the ADL'd (at the ADL)", levs.Count == 0 ? "–" : Statistics.Quantile(levs, 0.5).ToString("0.00", ci) + "x",
                pub.AdlMedianLeverage.ToString("0.00", ci) + "x" + (all is null ? "" : $" (all markets {all.AllMarketsMedianLeverage:0.00}x)")),
            new("ADL'd positions in profit", adlAccounts.Length == 0 ? "–" : profitable.ToString("P1", ci),
                pub.AdlProfitableShare.ToString("P1", ci) + (all is null ? "" : $" (all markets {all.AllMarketsProfitableShare:P1})")),
            new("bad debt / deficit", $"{U(m.BadDebt)} / {U(m.Deficit)}", "not published per market"),
        ];
    }

    /// <summary>Leverage at the first ADL fill (notional / equity, one position per account), share in profit at the ADL price, PnL closed.</summary>
    private static (List<double> Leverages, double Profitable, double Pnl) AdlStats(PolicyResult r, IReadOnlyDictionary<string, Trader> pop)
    {
        var levs = new List<double>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int inProfit = 0;
        double pnl = 0;
        foreach (var f in r.AdlFillList)
        {
            if (!pop.TryGetValue(f.Account, out var t))
                continue;
            pnl += (double)(f.Quantity * (f.Price - t.EntryPrice));
            if (!seen.Add(f.Account))
                continue;
            var equity = t.Deposit + t.Quantity * (f.Mark - t.EntryPrice);
            levs.Add(equity > 0 ? (double)(Math.Abs(t.Quantity) * f.Mark / equity) : double.PositiveInfinity);
            if (f.Quantity * (f.Price - t.EntryPrice) > 0)
                inProfit++;
        }

        return (levs, seen.Count == 0 ? 0 : inProfit / (double)seen.Count, pnl);
    }

    /// <summary>What each policy did to the winners of one market.</summary>
    public static IReadOnlyList<HlPolicyRow> PolicyRows(HlMarketRun run)
    {
        var pop = run.Result.Simulation.Population.ById;
        var rows = new List<HlPolicyRow>();
        foreach (var r in run.Result.Results)
        {
            var closed = new Dictionary<string, (decimal Qty, double Notional)>(StringComparer.Ordinal);
            foreach (var f in r.AdlFillList)
            {
                var c = closed.GetValueOrDefault(f.Account);
                closed[f.Account] = (c.Qty + Math.Abs(f.Quantity), c.Notional + (double)(Math.Abs(f.Quantity) * f.Price));
            }

            var shares = new List<double>();
            foreach (var (id, c) in closed)
                if (pop.TryGetValue(id, out var t) && t.Quantity != 0)
                    shares.Add((double)(c.Qty / Math.Abs(t.Quantity)));
            double largestPos = shares.Count == 0 ? 0 : shares.Max();
            double medianPos = shares.Count == 0 ? 0 : Statistics.Quantile(shares, 0.5);
            var hit = closed.Keys.Concat(r.Haircuts.Where(h => h.Value > 0).Select(h => h.Key)).Distinct().ToArray();
            var gini = closed.Count > 0 ? Statistics.Gini(closed.Values.Select(c => c.Notional)) : r.Metrics.HaircutGini;
            rows.Add(new HlPolicyRow(r.Policy.Name, hit.Length, hit.Count(run.RealAdl.Contains), r.Metrics.AdlNotional, largestPos, medianPos,
                r.Metrics.LargestHaircutShare, gini, r.Metrics.Socialized, r.Metrics.BadDebt, r.Metrics.Deficit));
        }

        return rows;
    }
}
