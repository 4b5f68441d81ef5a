using System.Globalization;
using System.Text;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;
using SocialLoss.Oracle;

namespace SocialLoss.Benchmarking;

/// <summary>Shape of a seeded crash workload.</summary>
/// <param name="Accounts">Population size: accounts with one BTC-PERP position each (paired long / short).</param>
/// <param name="Commands">Commands in the crash path (marks, trades, funding, book refreshes, deposits, withdrawals).</param>
/// <param name="Seed">Seed of the pseudo-random generator: the same options give the same commands.</param>
/// <param name="Tiered">Binance-style margin tiers (else flat 2% / 1%).</param>
/// <param name="AdlAtMark">ADL at the mark (Hyperliquid) instead of the bankruptcy price.</param>
/// <param name="Clawback">Waterfall insurance then pro-rata clawback (else insurance only).</param>
/// <param name="AdlRanking">ADL ranking (any of the six).</param>
/// <param name="InsuranceFund">Initial insurance fund in units; null: one unit per twenty accounts.</param>
/// <param name="ClawbackMethod">How the clawback stage spreads a loss over winners.</param>
/// <param name="ClawbackBase">What a clawback may take (unrealized PnL, or profit since the last <c>settle</c>).</param>
/// <param name="ClawbackCapPpb">Largest share of its base one account may lose, in parts per billion.</param>
/// <param name="AdlSeed">Seed of the <c>dydx</c> walk.</param>
/// <param name="MarksPerFunding">Marks (one a second of path time) between two fundings: 3,600 is hourly, as Hyperliquid and
/// dYdX fund (BitMEX and Binance every 8 h); small values make funding-heavy workloads for the equality tests.</param>
/// <param name="Funding">How fundings reach the accounts: contract v1's <c>funded</c> events, or the cumulative index.</param>
/// <param name="Config">A whole loss policy (a catalog policy's <c>config</c>, say) in place of the one the options above build.</param>
/// <param name="PriceBand">The market's price band (a fraction of the mark), or null for none; with a band the set-up marks the
/// market at the start price, so the population's trades have a mark to be measured from.</param>
public sealed record CrashWorkloadOptions(
    int Accounts = 10_000,
    int Commands = 2_000,
    int Seed = 1,
    bool Tiered = true,
    bool AdlAtMark = false,
    bool Clawback = true,
    AdlRankingKind AdlRanking = AdlRankingKind.Bitmex,
    long? InsuranceFund = null,
    ClawbackMethod ClawbackMethod = ClawbackMethod.ProRata,
    ClawbackBase ClawbackBase = ClawbackBase.UnrealizedPnl,
    long ClawbackCapPpb = Rate.Scale,
    ulong AdlSeed = 0,
    int MarksPerFunding = 3_600,
    FundingMode Funding = FundingMode.PerAccount,
    EngineConfig? Config = null,
    Rate? PriceBand = null);

/// <summary>A fill that builds the population (applied as a trade, or directly as a <see cref="Traded"/> event at scale).</summary>
public readonly record struct SeedFill(string Buyer, string Seller, decimal Price, decimal Quantity);

/// <summary>
/// A seeded crash: a population of accounts with one BTC-PERP position each (longs paired with shorts; about one long in
/// ten at 25–60x, the rest at 2–8x), two backstop accounts, an insurance fund and a thin book; then a crash path of
/// marks from 50,000 down 7% (4% of it in one gap) and back up 3%, one a second of path time, with trades (50%), a funding
/// every <see cref="CrashWorkloadOptions.MarksPerFunding"/> marks (hourly by default, the first ten minutes in), book refreshes, deposits and withdrawals in between,
/// which liquidates about 5% of the accounts, mostly through ADL. Used by the equality tests, the macro benchmark
/// (<c>socialloss bench</c>) and the BenchmarkDotNet project.
/// </summary>
public sealed class CrashWorkload
{
    /// <summary>The market every position is in.</summary>
    public const string Market = "BTC-PERP";

    private CrashWorkload(CrashWorkloadOptions options, List<Command> setup, List<SeedFill> fills, List<Command> crash)
    {
        Options = options;
        Setup = setup;
        Fills = fills;
        Crash = crash;
    }

    /// <summary>The options it was generated from.</summary>
    public CrashWorkloadOptions Options { get; }

    /// <summary>config, market, insurance, backstops, deposits: commands that never liquidate.</summary>
    public IReadOnlyList<Command> Setup { get; }

    /// <summary>The population's positions.</summary>
    public IReadOnlyList<SeedFill> Fills { get; }

    /// <summary>The crash path.</summary>
    public IReadOnlyList<Command> Crash { get; }

    /// <summary>Account name of population member <paramref name="i"/> (fixed width, so ordinal order is numeric order).</summary>
    public static string AccountName(int i) => "u" + i.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The loss policy of the workload: <see cref="CrashWorkloadOptions.Config"/> when given (a catalog policy, say), else built from the options.</summary>
    public static EngineConfig Policy(CrashWorkloadOptions o) => o.Config ?? EngineConfig.Default with
    {
        CloseOut = [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl],
        AdlRanking = o.AdlRanking,
        AdlPrice = o.AdlAtMark ? ClosePrice.Mark : ClosePrice.Bankruptcy,
        Waterfall = o.Clawback ? [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback] : [WaterfallStageKind.Insurance],
        ClawbackMethod = o.ClawbackMethod,
        ClawbackBase = o.ClawbackBase,
        ClawbackCap = new Rate(o.ClawbackCapPpb),
        AdlSeed = o.AdlSeed,
        Funding = o.Funding,
    };

    /// <summary>Generates the workload.</summary>
    public static CrashWorkload Generate(CrashWorkloadOptions o)
    {
        if (o.Accounts < 2)
            throw new ArgumentOutOfRangeException(nameof(o), "at least two accounts");
        var rng = new Random(o.Seed);
        var market = new MarketId(Market);
        const decimal start = 50_000m;
        var setup = new List<Command>
        {
            new ConfigureCommand(Policy(o)),
            o.Tiered
                ? new ListMarketCommand(market, 0.1m, 0.001m, Rate.Parse("0.05"), Rate.Parse("0.025"), Rate.Parse("0.005"),
                    [new MarginTier(Money.FromUnits(10_000), Rate.Parse("0.01"), Rate.Parse("0.005")),
                     new MarginTier(Money.FromUnits(100_000), Rate.Parse("0.02"), Rate.Parse("0.01"))], o.PriceBand)
                : new ListMarketCommand(market, 0.1m, 0.001m, Rate.Parse("0.02"), Rate.Parse("0.01"), Rate.Parse("0.005"), [], o.PriceBand),
            new InsuranceCommand(Money.FromUnits(o.InsuranceFund ?? Math.Max(1, o.Accounts / 20))),
        };
        foreach (var b in new[] { "backstop-1", "backstop-2" })
        {
            setup.Add(new DepositCommand(new AccountId(b), Money.FromUnits(2L * o.Accounts)));
            setup.Add(new BackstopCommand(new AccountId(b), true));
        }

        var fills = new List<SeedFill>();
        long pairLots = 0;
        for (int i = 0; i < o.Accounts; i++)
        {
            bool isLong = i % 2 == 0;
            if (isLong)
                pairLots = rng.NextDouble() < 0.05 ? rng.Next(1_000, 4_001) : rng.Next(10, 1_001);
            decimal notional = pairLots * 0.001m * start;
            double leverage = isLong && rng.NextDouble() < 0.1 ? 25 + 35 * rng.NextDouble() : 2 + 6 * rng.NextDouble();
            decimal deposit = decimal.Round(notional / (decimal)leverage, 2);
            deposit = Math.Max(deposit, decimal.Ceiling(InitialMargin(o.Tiered, notional) * 105) / 100 + 1);
            setup.Add(new DepositCommand(new AccountId(AccountName(i)), Money.Parse(deposit.ToString(CultureInfo.InvariantCulture))));
            if (!isLong)
                fills.Add(new SeedFill(AccountName(i - 1), AccountName(i), start, pairLots * 0.001m));
        }

        if (o.PriceBand is not null)
            setup.Add(new MarkCommand(market, start)); // a banded market refuses trades until it has a mark
        var crash = new List<Command> { new MarkCommand(market, start), Book(market, start, o.Accounts) };
        decimal mark = start;
        int marks = 1;
        // The crash starts ten minutes (of an hour's funding interval) before a funding time.
        int nextFunding = Math.Max(1, o.MarksPerFunding / 6);
        for (int i = crash.Count; i < o.Commands; i++)
        {
            if (marks >= nextFunding)
            {
                // Path time is one second a mark; venues fund every 1-8 h (BitMEX, Binance: 8 h; Hyperliquid, dYdX: 1 h),
                // so the crash sees a funding at most hourly, not a funding storm that would dominate it.
                crash.Add(new FundingCommand(market, new Rate(rng.Next(-100_000, 100_001))));
                nextFunding += o.MarksPerFunding;
                continue;
            }

            if (o.ClawbackBase == ClawbackBase.PeriodProfit && i == o.Commands / 3)
            {
                crash.Add(new SettleCommand()); // a clawback period starts: profit before it is out of reach
                continue;
            }

            double f = (double)i / o.Commands;
            double r = rng.NextDouble();
            if (r < 0.40)
            {
                // Down 7% over the first 60% of the path (4% of it in one gap at 30%), then back up 3%, with ±0.05% noise.
                double path = f < 0.6 ? 1 - 0.03 * f / 0.6 - (f >= 0.3 ? 0.04 : 0) : 0.93 + 0.03 * (f - 0.6) / 0.4;
                double noise = 1 + 0.0005 * (2 * rng.NextDouble() - 1);
                mark = decimal.Round((decimal)((double)start * path * noise), 1);
                crash.Add(new MarkCommand(market, mark));
                marks++;
            }
            else if (r < 0.90)
            {
                int a = rng.Next(o.Accounts), b = rng.Next(o.Accounts - 1);
                if (b >= a)
                    b++;
                decimal price = mark + 0.1m * rng.Next(-5, 6);
                crash.Add(new TradeCommand(market, new AccountId(AccountName(a)), new AccountId(AccountName(b)), price, 0.001m * rng.Next(1, 21)));
            }
            else if (r < 0.94)
                crash.Add(Book(market, mark, o.Accounts));
            else if (r < 0.97)
                crash.Add(new DepositCommand(new AccountId(AccountName(rng.Next(o.Accounts))), Money.FromUnits(rng.Next(1, 1_000))));
            else
                crash.Add(new WithdrawCommand(new AccountId(AccountName(rng.Next(o.Accounts))), Money.FromUnits(rng.Next(1, 500))));
        }

        return new CrashWorkload(o, setup, fills, crash);
    }

    /// <summary>A thin bid book under the mark (0.3%, 0.6%, 1.2% down) and a matching ask book above it.</summary>
    private static BookCommand Book(MarketId market, decimal mark, int accounts)
    {
        decimal size = Math.Max(0.01m, decimal.Round(accounts * 0.0005m, 3));
        (decimal, decimal) Level(decimal factor, decimal q) => (decimal.Round(mark * factor, 1), q);
        return new BookCommand(market,
            [Level(0.997m, size), Level(0.994m, 2 * size), Level(0.988m, 4 * size)],
            [Level(1.003m, size), Level(1.006m, 2 * size), Level(1.012m, 4 * size)]);
    }

    /// <summary>The initial margin of a single position of <paramref name="notional"/> in the workload's market (flat 2%, or its tiers).</summary>
    public static decimal InitialMargin(bool tiered, decimal notional)
    {
        if (!tiered)
            return notional * 0.02m;
        if (notional <= 10_000)
            return notional * 0.01m;
        if (notional <= 100_000)
            return notional * 0.02m - 100m;
        return notional * 0.05m - 3_100m;
    }

    /// <summary>The whole workload as contract-v1 JSON lines (the fills as <c>trade</c> commands after the set-up).</summary>
    public IEnumerable<string> ToJsonl()
    {
        foreach (var c in Setup)
            yield return Jsonl(c);
        foreach (var f in Fills)
            yield return Jsonl(new TradeCommand(new MarketId(Market), new AccountId(f.Buyer), new AccountId(f.Seller), f.Price, f.Quantity));
        foreach (var c in Crash)
            yield return Jsonl(c);
    }

    /// <summary>One command as a contract-v1 JSON line (the command kinds the workload uses).</summary>
    public static string Jsonl(Command command)
    {
        static string D(decimal d) => "\"" + Exact.Text(d) + "\"";
        var sb = new StringBuilder(128);
        switch (command)
        {
            case ConfigureCommand c:
                var k = c.Config;
                sb.Append("{\"type\":\"config\",\"closeout\":[")
                  .AppendJoin(',', k.CloseOut.Select(s => "\"" + s.ToString().ToLowerInvariant() + "\""))
                  .Append("],\"adl\":{\"ranking\":\"").Append(WireNames.NameOf(WireNames.Ranking, k.AdlRanking))
                  .Append("\",\"price\":\"").Append(k.AdlPrice.ToString().ToLowerInvariant()).Append("\",\"seed\":\"").Append(k.AdlSeed).Append("\"},\"waterfall\":[")
                  .AppendJoin(',', k.Waterfall.Select(s => "\"" + s.ToString().ToLowerInvariant() + "\""))
                  .Append("],\"clawback\":{\"method\":\"").Append(WireNames.NameOf(WireNames.ClawbackMethods, k.ClawbackMethod))
                  .Append("\",\"base\":\"").Append(WireNames.NameOf(WireNames.ClawbackBases, k.ClawbackBase))
                  .Append("\",\"cap\":\"").Append(k.ClawbackCap).Append("\"}}");
                break;
            case ListMarketCommand c:
                sb.Append("{\"type\":\"market\",\"market\":\"").Append(c.Market.Value).Append("\",\"tickSize\":").Append(D(c.TickSize))
                  .Append(",\"lotSize\":").Append(D(c.LotSize)).Append(",\"initialMargin\":\"").Append(c.InitialMargin)
                  .Append("\",\"maintenanceMargin\":\"").Append(c.MaintenanceMargin).Append("\",\"liquidationFee\":\"").Append(c.LiquidationFee)
                  .Append("\",\"tiers\":[")
                  .AppendJoin(',', c.Tiers.Select(t => $"{{\"maxNotional\":\"{t.MaxNotional}\",\"initialMargin\":\"{t.InitialMargin}\",\"maintenanceMargin\":\"{t.MaintenanceMargin}\"}}"))
                  .Append(']');
                if (c.PriceBand is { } band)
                    sb.Append(",\"priceBand\":\"").Append(band).Append('"');
                sb.Append('}');
                break;
            case DepositCommand c:
                sb.Append("{\"type\":\"deposit\",\"account\":\"").Append(c.Account.Value).Append("\",\"amount\":\"").Append(c.Amount).Append("\"}");
                break;
            case WithdrawCommand c:
                sb.Append("{\"type\":\"withdraw\",\"account\":\"").Append(c.Account.Value).Append("\",\"amount\":\"").Append(c.Amount).Append("\"}");
                break;
            case TradeCommand c:
                sb.Append("{\"type\":\"trade\",\"market\":\"").Append(c.Market.Value).Append("\",\"buyer\":\"").Append(c.Buyer.Value)
                  .Append("\",\"seller\":\"").Append(c.Seller.Value).Append("\",\"price\":").Append(D(c.Price))
                  .Append(",\"quantity\":").Append(D(c.Quantity)).Append('}');
                break;
            case MarkCommand c:
                sb.Append("{\"type\":\"mark\",\"market\":\"").Append(c.Market.Value).Append("\",\"price\":").Append(D(c.Price)).Append('}');
                break;
            case FundingCommand c:
                sb.Append("{\"type\":\"funding\",\"market\":\"").Append(c.Market.Value).Append("\",\"rate\":\"").Append(c.Rate).Append("\"}");
                break;
            case BookCommand c:
                static string Levels(IReadOnlyList<(decimal Price, decimal Quantity)> ls) =>
                    "[" + string.Join(',', ls.Select(l => $"[\"{Exact.Text(l.Price)}\",\"{Exact.Text(l.Quantity)}\"]")) + "]";
                sb.Append("{\"type\":\"book\",\"market\":\"").Append(c.Market.Value).Append("\",\"bids\":").Append(Levels(c.Bids))
                  .Append(",\"asks\":").Append(Levels(c.Asks)).Append('}');
                break;
            case InsuranceCommand c:
                sb.Append("{\"type\":\"insurance\",\"amount\":\"").Append(c.Amount).Append("\"}");
                break;
            case SettleCommand:
                sb.Append("{\"type\":\"settle\"}");
                break;
            case BackstopCommand c:
                sb.Append("{\"type\":\"backstop\",\"account\":\"").Append(c.Account.Value).Append("\",\"enabled\":").Append(c.Enabled ? "true" : "false").Append('}');
                break;
            default:
                throw new NotSupportedException(command.GetType().Name);
        }

        return sb.ToString();
    }
}
