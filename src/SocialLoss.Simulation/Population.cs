namespace SocialLoss.Simulation;

/// <summary>What kind of trader an account is.</summary>
public enum TraderKind
{
    /// <summary>Retail: log-normal leverage around a median.</summary>
    Retail,

    /// <summary>High-leverage retail: log-uniform leverage from a floor up to the market's maximum.</summary>
    HighLeverage,

    /// <summary>Hedged: a low-leverage position whose hedge is held elsewhere (spot, another venue); ADL breaks the hedge.</summary>
    Hedged,

    /// <summary>Market maker: the counterparty of everyone else's entry, well capitalized.</summary>
    MarketMaker,
}

/// <summary>One generated account.</summary>
/// <param name="Id">Account name (zero-padded so ordinal order is generation order).</param>
/// <param name="Kind">Trader kind.</param>
/// <param name="Quantity">Signed position in base units (positive = long).</param>
/// <param name="EntryPrice">Entry price of the position.</param>
/// <param name="Deposit">Collateral deposited.</param>
/// <param name="Leverage">Notional at the start price / equity at the start price (the drawn leverage, lower for a winner whose entry profit exceeds half its margin).</param>
public sealed record Trader(string Id, TraderKind Kind, decimal Quantity, decimal EntryPrice, decimal Deposit, double Leverage);

/// <summary>
/// Documented parameters of the seeded population generator. Sizes are heavy-tailed (Pareto notional),
/// sides are drawn with <see cref="LongShare"/>, and every position is opened against a market maker at the
/// trader's own entry price (normal around the start price), so market makers hold the net imbalance.
/// </summary>
/// <param name="Accounts">Number of trader accounts (market makers come on top). Default 10,000.</param>
/// <param name="LongShare">Share of non-hedged traders that are long. Default 0.6 (a crowded long, as before 10 Oct 2025).</param>
/// <param name="HighLeverageShare">Share of high-leverage retail. Default 0.15.</param>
/// <param name="HighLeverageMin">Lowest leverage of high-leverage retail (log-uniform up to the market maximum). Default 15.</param>
/// <param name="RetailLeverageMedian">Median leverage of ordinary retail (log-normal). Default 4.</param>
/// <param name="RetailLeverageSigma">Log-normal sigma of retail leverage. Default 0.8.</param>
/// <param name="HedgedShare">Share of hedged accounts (log-uniform leverage 1 to <see cref="HedgedLeverageMax"/>, either side). Default 0.05.</param>
/// <param name="HedgedLeverageMax">Highest leverage of hedged accounts. Default 3.</param>
/// <param name="MarketMakerShare">Market makers per trader (at least one). Default 0.005.</param>
/// <param name="MarketMakerLeverage">Market makers' gross notional / collateral. Default 3.</param>
/// <param name="SizeMin">Smallest notional (USD), the Pareto scale. Default 1,000.</param>
/// <param name="SizeAlpha">Pareto tail index of notional: lower is heavier-tailed. Default 1.4.</param>
/// <param name="SizeMax">Largest notional (USD). Default 5,000,000.</param>
/// <param name="EntrySpread">Standard deviation of entry prices relative to the start price (clipped at 3 sigma). Default 0.01.</param>
/// <param name="LeverageFloor">Lowest leverage drawn (below 1: over-collateralized accounts). Default 1; the Hyperliquid calibration lowers it.</param>
public sealed record PopulationParameters(
    int Accounts = 10_000,
    double LongShare = 0.6,
    double HighLeverageShare = 0.15,
    double HighLeverageMin = 15,
    double RetailLeverageMedian = 4,
    double RetailLeverageSigma = 0.8,
    double HedgedShare = 0.05,
    double HedgedLeverageMax = 3,
    double MarketMakerShare = 0.005,
    double MarketMakerLeverage = 3,
    double SizeMin = 1_000,
    double SizeAlpha = 1.4,
    double SizeMax = 5_000_000,
    double EntrySpread = 0.01,
    double LeverageFloor = 1);

/// <summary>A generated population and the trades that open its positions.</summary>
/// <param name="Traders">Every account, market makers included.</param>
/// <param name="Trades">Opening fills: (buyer, seller, price, quantity).</param>
/// <param name="StartPrice">The mark at which the positions were opened.</param>
public sealed record Population(IReadOnlyList<Trader> Traders, IReadOnlyList<(string Buyer, string Seller, decimal Price, decimal Quantity)> Trades, decimal StartPrice)
{
    /// <summary>Sum of long positions (base units).</summary>
    public decimal LongOpenInterest => Traders.Where(t => t.Quantity > 0).Sum(t => t.Quantity);

    /// <summary>Backstop accounts (among <see cref="Traders"/>): a <c>backstop</c> command is issued for each after the deposits.</summary>
    public IReadOnlyList<string> Backstops { get; init; } = [];

    /// <summary>Traders by id.</summary>
    public IReadOnlyDictionary<string, Trader> ById => _byId ??= Traders.ToDictionary(t => t.Id, StringComparer.Ordinal);

    private Dictionary<string, Trader>? _byId;
}

/// <summary>The seeded population generator: the same seed and parameters give the same population.</summary>
public static class PopulationGenerator
{
    /// <summary>
    /// Generates <see cref="PopulationParameters.Accounts"/> traders and their market makers for a market
    /// starting at <paramref name="startPrice"/>. Leverage is capped at 95% of what the initial margin allows.
    /// </summary>
    public static Population Generate(PopulationParameters p, int seed, decimal startPrice, MarketParameters market)
    {
        if (p.Accounts < 1)
            throw new ArgumentOutOfRangeException(nameof(p), "accounts must be at least 1");
        var rng = new Random(seed);
        double maxLeverage = 0.95 / (double)market.InitialMargin;
        int makers = Math.Max(1, (int)Math.Round(p.Accounts * p.MarketMakerShare));
        int width = Math.Max(6, p.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var traders = new List<Trader>(p.Accounts + makers);
        var trades = new List<(string, string, decimal, decimal)>(p.Accounts);
        var makerIds = Enumerable.Range(1, makers).Select(i => "mm" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var makerGross = new decimal[makers];
        var makerLossBound = new decimal[makers];
        var makerQuantity = new decimal[makers];

        for (int i = 0; i < p.Accounts; i++)
        {
            double u = rng.NextDouble();
            TraderKind kind = u < p.HedgedShare ? TraderKind.Hedged
                : u < p.HedgedShare + p.HighLeverageShare ? TraderKind.HighLeverage
                : TraderKind.Retail;
            int side = kind == TraderKind.Hedged
                ? (rng.NextDouble() < 0.5 ? 1 : -1)
                : (rng.NextDouble() < p.LongShare ? 1 : -1);
            double leverage = kind switch
            {
                TraderKind.Hedged => LogUniform(rng, 1, Math.Min(p.HedgedLeverageMax, maxLeverage)),
                TraderKind.HighLeverage => LogUniform(rng, Math.Min(p.HighLeverageMin, maxLeverage), maxLeverage),
                _ => Math.Exp(Math.Log(p.RetailLeverageMedian) + p.RetailLeverageSigma * Normal(rng)),
            };
            leverage = Math.Clamp(leverage, Math.Min(p.LeverageFloor, maxLeverage), maxLeverage);
            double notional = Math.Min(p.SizeMax, p.SizeMin * Math.Pow(1 - rng.NextDouble(), -1 / p.SizeAlpha));
            double z = Math.Clamp(Normal(rng), -3, 3);
            var entry = RoundTo(startPrice * (decimal)(1 + p.EntrySpread * z), market.TickSize);
            if (entry <= 0)
                entry = startPrice;
            var lots = Math.Max(1, Math.Round((decimal)notional / startPrice / market.LotSize));
            var quantity = lots * market.LotSize;
            var pnl = side * quantity * (startPrice - entry);
            // equity at the start = notional / leverage: a loser deposits its loss on top, a winner less (at least half)
            var margin = quantity * startPrice / (decimal)leverage;
            var deposit = CeilCents(Math.Max(margin - pnl, margin / 2));
            var id = "t" + i.ToString("D" + width, System.Globalization.CultureInfo.InvariantCulture);
            traders.Add(new Trader(id, kind, side * quantity, entry, deposit, (double)(quantity * startPrice / (deposit + pnl))));
            int m = i % makers;
            trades.Add(side > 0 ? (id, makerIds[m], entry, quantity) : (makerIds[m], id, entry, quantity));
            makerGross[m] += quantity * Math.Max(entry, startPrice);
            makerLossBound[m] += Math.Abs(pnl);
            makerQuantity[m] -= side * quantity;
        }

        for (int m = 0; m < makers; m++)
        {
            var deposit = CeilCents(makerGross[m] / (decimal)p.MarketMakerLeverage + makerLossBound[m]) + 1;
            double lev = makerQuantity[m] == 0 ? 0 : (double)(Math.Abs(makerQuantity[m]) * startPrice / deposit);
            var entry = startPrice; // display only: a maker's entry is the average of its fills
            traders.Add(new Trader(makerIds[m], TraderKind.MarketMaker, makerQuantity[m], entry, deposit, lev));
        }

        return new Population(traders, trades, startPrice);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    internal static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double LogUniform(Random rng, double lo, double hi) =>
        hi <= lo ? lo : Math.Exp(Math.Log(lo) + (Math.Log(hi) - Math.Log(lo)) * rng.NextDouble());

    internal static decimal RoundTo(decimal value, decimal step) => Math.Round(value / step, MidpointRounding.AwayFromZero) * step;

    private static decimal CeilCents(decimal value) => Math.Ceiling(value * 100) / 100;
}
