using SocialLoss.Benchmarking;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle.Tests;

/// <summary>
/// A seeded, timed crash made to reach the Hyperliquid liquidation rules, which <see cref="Benchmarking.CrashWorkload"/>
/// rarely does (its one 4% gap takes the leveraged accounts straight past zero, and its commands have no time): leveraged
/// positions on both sides, a fifth of them large (up to ~200k notional), a mark that walks down and then up in steps of
/// up to ~1.2% — so accounts land anywhere between zero and their maintenance margin — a book refreshed often at varying
/// depth, liquidator vaults of the given capital, and command times a random 0 to <c>maxStep</c> apart.
/// </summary>
internal static class StaircaseWorkload
{
    public const string Market = "BTC-PERP";

    public static readonly Timestamp Start = new(1_760_130_964_000_000); // 2025-10-10T21:16:04Z

    /// <summary>The markets: BTC, and ETH when a workload has two (its own tick, lot and price scale).</summary>
    private static readonly (string Name, decimal Start, decimal Tick, decimal Lot)[] Markets =
        [(Market, 50_000m, 0.1m, 0.001m), ("ETH-PERP", 2_500m, 0.01m, 0.01m)];

    /// <param name="config">The loss policy.</param>
    /// <param name="seed">Seed of the generator.</param>
    /// <param name="accounts">Population (longs and shorts in pairs).</param>
    /// <param name="commands">Commands after the set-up.</param>
    /// <param name="tiered">Tiered margins (else flat 2% / 1%).</param>
    /// <param name="vault">Capital of each of the two liquidator vaults, in units.</param>
    /// <param name="fund">Initial insurance fund, in units.</param>
    /// <param name="maxStep">Largest time between two commands, in microseconds.</param>
    /// <param name="untimedEvery">Every n-th command has no time (0: all timed).</param>
    /// <param name="markets">1: BTC only; 2: about half the pairs also hold ETH (either way round), so close-outs see other positions.</param>
    public static List<Command> Generate(EngineConfig config, int seed, int accounts, int commands, bool tiered, long vault, long fund,
        long maxStep, int untimedEvery = 0, int markets = 1)
    {
        var rng = new Random(seed);
        var list = new List<Command> { new ConfigureCommand(config) };
        for (int k = 0; k < markets; k++)
        {
            var (name, _, tick, lot) = Markets[k];
            list.Add(tiered
                ? new ListMarketCommand(new MarketId(name), tick, lot, Rate.Parse("0.05"), Rate.Parse("0.025"), Rate.Parse("0.005"),
                    [new MarginTier(Money.FromUnits(10_000), Rate.Parse("0.01"), Rate.Parse("0.005")),
                     new MarginTier(Money.FromUnits(100_000), Rate.Parse("0.02"), Rate.Parse("0.01"))])
                : new ListMarketCommand(new MarketId(name), tick, lot, Rate.Parse("0.02"), Rate.Parse("0.01"), Rate.Parse("0.005"), []));
        }

        list.Add(new InsuranceCommand(Money.FromUnits(Math.Max(1, fund))));
        foreach (var (name, capital) in new[] { ("vault-1", vault), ("vault-2", Math.Max(1, vault / 4)) })
        {
            list.Add(new DepositCommand(new AccountId(name), Money.FromUnits(Math.Max(1, capital))));
            list.Add(new BackstopCommand(new AccountId(name), true));
        }

        string Name(int i) => "h" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        var trades = new List<Command>();
        for (int i = 0; i + 1 < accounts; i += 2)
        {
            // BTC: a fifth of the pairs large (75k-200k notional), the rest 1k-75k; ETH for about half, 1k-50k.
            long lots = rng.NextDouble() < 0.2 ? rng.Next(1_500, 4_001) : rng.Next(20, 1_500);
            decimal notional = lots * Markets[0].Lot * Markets[0].Start;
            var margin = new[] { CrashWorkload.InitialMargin(tiered, notional), 0m };
            trades.Add(new TradeCommand(new MarketId(Market), new AccountId(Name(i)), new AccountId(Name(i + 1)), Markets[0].Start, lots * Markets[0].Lot));
            if (markets > 1 && rng.NextDouble() < 0.5)
            {
                var eth = Markets[1];
                long ethLots = rng.Next(40, 2_000);
                decimal ethNotional = ethLots * eth.Lot * eth.Start;
                notional += ethNotional;
                margin[1] = CrashWorkload.InitialMargin(tiered, ethNotional);
                bool same = rng.NextDouble() < 0.5; // the long of BTC long ETH too, or short it
                trades.Add(new TradeCommand(new MarketId(eth.Name), new AccountId(Name(same ? i : i + 1)), new AccountId(Name(same ? i + 1 : i)),
                    eth.Start, ethLots * eth.Lot));
            }

            foreach (var who in new[] { i, i + 1 })
            {
                double leverage = 4 + 44 * rng.NextDouble();
                decimal deposit = decimal.Round(notional / (decimal)leverage, 2);
                deposit = Math.Max(deposit, decimal.Ceiling((margin[0] + margin[1]) * 102) / 100 + 1);
                list.Add(new DepositCommand(new AccountId(Name(who)), Money.Parse(deposit.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        list.AddRange(trades);
        var marks = new decimal[markets];
        long time = Start.UnixMicroseconds;
        var path = new List<Command>();
        for (int k = 0; k < markets; k++)
        {
            marks[k] = Markets[k].Start;
            path.Add(new MarkCommand(new MarketId(Markets[k].Name), marks[k]));
            path.Add(Book(rng, k, marks[k], accounts));
        }

        for (int i = path.Count; i < commands; i++)
        {
            double f = (double)i / commands;
            double r = rng.NextDouble();
            int k = rng.Next(markets);
            var (name, _, tick, lot) = Markets[k];
            var market = new MarketId(name);
            if (r < 0.45)
            {
                // Down first, then up: steps of up to 1.2%, against the trend a fifth of the time.
                bool down = (f < 0.55) == (rng.NextDouble() < 0.8);
                decimal step = (decimal)(0.012 * rng.NextDouble() * rng.NextDouble());
                marks[k] = Math.Max(tick, decimal.Round(marks[k] * (down ? 1 - step : 1 + step) / tick) * tick);
                path.Add(new MarkCommand(market, marks[k]));
            }
            else if (r < 0.65)
                path.Add(Book(rng, k, marks[k], accounts));
            else if (r < 0.82)
            {
                int a = rng.Next(accounts), b = rng.Next(accounts - 1);
                if (b >= a)
                    b++;
                path.Add(new TradeCommand(market, new AccountId(Name(a)), new AccountId(Name(b)), Math.Max(tick, marks[k] + tick * rng.Next(-5, 6)),
                    lot * rng.Next(1, 51)));
            }
            else if (r < 0.86)
                path.Add(new FundingCommand(market, new Rate(rng.Next(-500_000, 500_001))));
            else if (r < 0.93)
                path.Add(new DepositCommand(new AccountId(Name(rng.Next(accounts))), Money.FromUnits(rng.Next(1, 2_000))));
            else
                path.Add(new WithdrawCommand(new AccountId(Name(rng.Next(accounts))), Money.FromUnits(rng.Next(1, 1_000))));
        }

        for (int i = 0; i < path.Count; i++)
        {
            time += (long)(rng.NextDouble() * maxStep);
            list.Add(untimedEvery > 0 && i % untimedEvery == untimedEvery - 1 ? path[i] : path[i] with { Time = new Timestamp(time) });
        }

        return list;
    }

    /// <summary>Three levels a side, 0.05%–1% apart, sizes up to about a tenth of a typical position each (sometimes none).</summary>
    private static BookCommand Book(Random rng, int k, decimal mark, int accounts)
    {
        var (name, start, tick, lot) = Markets[k];
        decimal scale = Markets[0].Start * Markets[0].Lot / (start * lot); // the same notional in either market
        List<(decimal, decimal)> Side(int sign)
        {
            var levels = new List<(decimal, decimal)>();
            if (rng.NextDouble() < 0.1)
                return levels; // an empty side: nothing for the book rung
            decimal gap = (decimal)(0.0005 + 0.0095 * rng.NextDouble());
            for (int j = 1; j <= 3; j++)
            {
                var price = decimal.Round(mark * (1 + sign * j * gap) / tick) * tick;
                if (price > 0 && !levels.Exists(l => l.Item1 == price))
                    levels.Add((price, lot * Math.Max(1, decimal.Round(scale * rng.Next(1, 30 + 5 * accounts)))));
            }

            return levels;
        }

        return new BookCommand(new MarketId(name), Side(-1), Side(1));
    }
}
