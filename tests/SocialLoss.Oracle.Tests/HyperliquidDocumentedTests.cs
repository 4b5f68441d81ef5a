using CsCheck;
using SocialLoss.Benchmarking;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle.Tests;

/// <summary>
/// The Hyperliquid liquidation options of the <c>hyperliquid-documented</c> policy, each alone and all together, through
/// Core and the oracle side by side: partial liquidation of large positions with its cooldown (by command time, so the
/// crash commands here carry times), backstop by transfer to the liquidator vault, ADL at the previous mark; and FTX's
/// backstop price. Every event, the state hash, the previous marks and the cooldowns agree, and each run is checked to
/// exercise what it is about.
/// </summary>
public class HyperliquidDocumentedTests
{
    private static EngineConfig Base(ClosePrice adlPrice = ClosePrice.Mark) => EngineConfig.Default with
    {
        CloseOut = [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl],
        AdlRanking = AdlRankingKind.Hyperliquid,
        AdlPrice = adlPrice,
        BackstopPrice = ClosePrice.Mark,
        Waterfall = [WaterfallStageKind.Insurance],
    };

    private static PartialLiquidation Partial(long above, string fraction = "0.2", long cooldown = 30) =>
        new(Money.FromUnits(above), Rate.Parse(fraction), cooldown);

    private static readonly Rate TwoThirds = Rate.Parse("0.666666667");

    /// <summary>What a run did, counted from the oracle's events replayed into a Core ledger.</summary>
    private sealed record Counts(int Liquidations, int Partials, int RepeatedPartials, int CooldownCloses, int Transfers, int BackstopFills,
        int PreviousMarkAdl, int AdlFills, int FundTakeovers)
    {
        public static Counts operator +(Counts a, Counts b) => new(a.Liquidations + b.Liquidations, a.Partials + b.Partials,
            a.RepeatedPartials + b.RepeatedPartials, a.CooldownCloses + b.CooldownCloses, a.Transfers + b.Transfers,
            a.BackstopFills + b.BackstopFills, a.PreviousMarkAdl + b.PreviousMarkAdl, a.AdlFills + b.AdlFills, a.FundTakeovers + b.FundTakeovers);

        public static Counts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /// <summary>
    /// Commands through both engines: every event, the state hash and the ledger rebuilt from the oracle's events agree
    /// (<see cref="OracleEngine.ToLedger"/> also compares the previous marks and the cooldowns), and the invariants hold.
    /// </summary>
    private static Counts Run(EngineConfig config, IReadOnlyList<Command> commands)
    {
        var sides = new SideBySide();
        for (int i = 0; i < commands.Count; i++)
            sides.Run(commands[i], i + 1);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        Assert.Null(Invariants.Check(sides.Core.Ledger));
        return Count(sides.Oracle.Log, config);
    }

    /// <summary>A staircase crash (<see cref="StaircaseWorkload"/>) through both engines.</summary>
    private static Counts Staircase(EngineConfig config, int seed, int accounts = 60, int commands = 300, bool tiered = false, long vault = 20_000,
        long fund = 1, long maxStep = 4_000_000, int untimedEvery = 0, int markets = 1) =>
        Run(config, StaircaseWorkload.Generate(config, seed, accounts, commands, tiered, vault, fund, maxStep, untimedEvery, markets));

    /// <summary>A seeded <see cref="CrashWorkload"/> through both engines, its crash commands one second apart.</summary>
    private static Counts Crash(EngineConfig config, int seed, int accounts, bool tiered)
    {
        var w = CrashWorkload.Generate(new CrashWorkloadOptions(accounts, 400, seed, Tiered: tiered, InsuranceFund: 1, MarksPerFunding: 20, Config: config));
        var commands = new List<Command>(w.Setup);
        commands.AddRange(w.Fills.Select(WorkloadDriver.Trade));
        commands.AddRange(w.Crash.Select((c, i) => c with { Time = new Timestamp(StaircaseWorkload.Start.UnixMicroseconds + i * Timestamp.MicrosPerSecond) }));
        return Run(config, commands);
    }

    private static Counts Count(IReadOnlyList<EngineEvent> log, EngineConfig config)
    {
        var ledger = new Ledger();
        var last = new Dictionary<(string, string), Timestamp>();
        long cooldown = (config.Partial?.CooldownSeconds ?? 0) * Timestamp.MicrosPerSecond;
        int liquidations = 0, partials = 0, repeated = 0, cooldownCloses = 0, transfers = 0, backstopFills = 0, previousMark = 0, adl = 0, fund = 0;
        foreach (var e in log)
        {
            switch (e)
            {
                case Liquidated l:
                    liquidations++;
                    var key = (l.Account.Value, l.Market.Value);
                    bool earlier = last.TryGetValue(key, out var at);
                    if (Math.Abs(l.Quantity.Lots) < Math.Abs(ledger.Account(l.Account)!.QuantityIn(l.Market).Lots))
                    {
                        partials++;
                        if (earlier)
                            repeated++;
                        last[key] = l.Time!.Value;
                    }
                    else if (earlier && l.Time is { } now && now.UnixMicroseconds - at.UnixMicroseconds < cooldown
                             && config.Partial!.Above.Micros < ledger.Market(l.Market)!.Spec.Notional(l.Quantity, l.Price).Micros)
                        cooldownCloses++; // a large position closed whole because a partial liquidation's cooldown runs
                    break;
                case ClosedOut { Via: CloseOutVia.Backstop }:
                    backstopFills++;
                    if (config.BackstopTransferBelow is not null)
                        transfers++;
                    break;
                case ClosedOut { Via: CloseOutVia.Fund }:
                    fund++;
                    break;
                case Deleveraged d:
                    adl++;
                    var m = ledger.Market(d.Market)!;
                    if (m.PreviousMark is { } previous && previous != m.Mark && d.Price == previous)
                        previousMark++;
                    break;
            }

            ledger.Apply(e);
        }

        return new Counts(liquidations, partials, repeated, cooldownCloses, transfers, backstopFills, previousMark, adl, fund);
    }

    /// <summary>Staircases of seeds 1 to <paramref name="seeds"/>, flat and tiered, even seeds in two markets.</summary>
    private static Counts Seeds(EngineConfig config, int seeds = 3, long vault = 20_000, long maxStep = 4_000_000)
    {
        var total = Counts.Zero;
        for (int seed = 1; seed <= seeds; seed++)
            foreach (var tiered in new[] { false, true })
                total += Staircase(config, seed, tiered: tiered, vault: vault, maxStep: maxStep, markets: 1 + seed % 2);
        return total;
    }

    [Fact]
    public void Hyperliquid_partial_liquidation_agrees_and_runs_its_cooldown()
    {
        var config = Base() with { Partial = Partial(20_000) };
        Assert.Null(OracleEngine.Unsupported(config));
        var n = Seeds(config);
        Assert.True(n.Partials > 0, "large positions are liquidated a fraction at a time");
        Assert.True(n.RepeatedPartials > 0, "a position is partially liquidated again once its cooldown is over");
        Assert.True(n.CooldownCloses > 0, "within a cooldown the whole position goes");
        Assert.True(Seeds(config with { Partial = Partial(20_000, cooldown: 3) }, seeds: 2, maxStep: 10_000_000).RepeatedPartials > 0);
    }

    [Fact]
    public void Hyperliquid_partial_liquidation_without_a_cooldown_repeats_within_one_command()
    {
        var config = Base() with { Partial = Partial(10_000, "0.35", cooldown: 0) };
        var n = Seeds(config, seeds: 2);
        Assert.True(n.RepeatedPartials > 0, "the sweep liquidates a fraction again at once");
        Assert.Equal(0, n.CooldownCloses);
    }

    [Fact]
    public void Hyperliquid_partial_liquidation_needs_a_command_time()
    {
        var config = Base() with { Partial = Partial(20_000) };
        Assert.True(Staircase(config, 2, untimedEvery: 3).Partials > 0);
        var untimed = Staircase(config, 2, untimedEvery: 1);
        Assert.Equal(0, untimed.Partials);
        Assert.True(untimed.Liquidations > 0);
    }

    [Fact]
    public void Hyperliquid_backstop_transfer_agrees()
    {
        var config = Base() with { BackstopTransferBelow = TwoThirds };
        Assert.Null(OracleEngine.Unsupported(config));
        Assert.True(Seeds(config).Transfers > 0, "accounts go to the liquidator vault");
        Assert.True(Seeds(config with { BackstopTransferBelow = Rate.Parse("1") }, seeds: 2).Transfers > 0);
        Seeds(config, seeds: 2, vault: 300); // vaults too small to take most accounts: they pass them on to ADL
    }

    [Fact]
    public void Hyperliquid_adl_at_the_previous_mark_agrees()
    {
        var config = Base(ClosePrice.PreviousMark);
        Assert.Null(OracleEngine.Unsupported(config));
        Assert.True(Seeds(config).PreviousMarkAdl > 0, "ADL fills at the previous mark");
        Assert.True(Seeds(config with { BackstopPrice = ClosePrice.Bankruptcy }, seeds: 2).PreviousMarkAdl > 0);
    }

    [Fact]
    public void Hyperliquid_ftx_backstop_price_agrees()
    {
        var config = Base() with { BackstopPrice = ClosePrice.Ftx };
        Assert.Null(OracleEngine.Unsupported(config));
        Assert.True(Seeds(config).BackstopFills > 0, "backstops take over at FTX's price");
    }

    [Fact]
    public void Hyperliquid_options_agree_under_per_wave_allocation()
    {
        var config = Base(ClosePrice.PreviousMark) with { Allocation = AllocationScope.PerWave, BackstopPrice = ClosePrice.Ftx };
        Assert.Null(OracleEngine.Unsupported(config));
        var n = Seeds(config, seeds: 2);
        Assert.True(n.PreviousMarkAdl > 0, "pooled ADL fills at the previous mark");
        Assert.True(n.BackstopFills > 0, "backstops take over at FTX's price");

        var documented = PolicyCatalog.Find("hyperliquid-documented")!.Command().Config with { Allocation = AllocationScope.PerWave };
        Assert.Null(OracleEngine.Unsupported(documented));
        var d = Seeds(documented) + Seeds(documented with { AdlTrigger = AdlTrigger.Always }, seeds: 2);
        Assert.True(d.Partials > 0, "partial liquidations in a wave");
        Assert.True(d.CooldownCloses > 0, "whole positions within the cooldown");
        Assert.True(d.Transfers > 0, "transfers to the vault in a wave");
    }

    /// <summary>
    /// The catalog's <c>hyperliquid-documented</c> itself, ADL only once the fund is depleted, with a fund that is soon
    /// depleted and one that absorbs (and may turn insolvent); and with its ADL trigger <c>always</c>.
    /// </summary>
    [Fact]
    public void Hyperliquid_documented_agrees()
    {
        var config = PolicyCatalog.Find("hyperliquid-documented")!.Command().Config;
        Assert.Null(OracleEngine.Unsupported(config));
        var total = Counts.Zero;
        int fundTakeovers = 0;
        foreach (var fund in new[] { 1L, 5_000L, 100_000L })
            for (int seed = 1; seed <= 3; seed++)
            {
                var n = Staircase(config, seed, tiered: seed % 2 == 0, fund: fund, markets: 1 + (seed + (int)(fund % 7)) % 2);
                total += n;
                fundTakeovers += n.FundTakeovers;
            }

        Assert.True(total.Partials > 0, "positions above 100k are liquidated 20% at a time");
        Assert.True(total.CooldownCloses > 0, "and whole within the 30 s cooldown");
        Assert.True(total.Transfers > 0, "accounts below 2/3 of maintenance go to the vault");
        Assert.True(total.PreviousMarkAdl > 0, "ADL at the previous mark once the fund is depleted");
        Assert.True(fundTakeovers > 0, "the fund takes over while it can absorb the loss");

        var always = Seeds(config with { AdlTrigger = AdlTrigger.Always });
        Assert.True(always.Partials > 0 && always.Transfers > 0 && always.PreviousMarkAdl > 0);
    }

    /// <summary>Each option, and all of them, on the benchmark's crash workload with one-second command times.</summary>
    [Fact]
    public void Hyperliquid_options_agree_on_the_benchmark_crash()
    {
        var configs = new[]
        {
            Base() with { Partial = Partial(5_000) },
            Base() with { BackstopTransferBelow = Rate.Parse("1") },
            Base(ClosePrice.PreviousMark),
            Base() with { BackstopPrice = ClosePrice.Ftx },
            PolicyCatalog.Find("hyperliquid-documented")!.Command().Config,
            PolicyCatalog.Find("hyperliquid-documented")!.Command().Config with { AdlTrigger = AdlTrigger.Always },
        };
        var total = Counts.Zero;
        foreach (var config in configs)
            foreach (var (seed, accounts) in new[] { (3, 120), (11, 200) })
                total += Crash(config, seed, accounts, tiered: seed != 11);
        Assert.True(total.Partials > 0);
        Assert.True(total.Transfers > 0);
        Assert.True(total.PreviousMarkAdl > 0);
    }

    /// <summary>
    /// Hyperliquid's cooldown is the user's — "after a block where any position of a user is partially liquidated, there
    /// is a cooldown period of 30 seconds. During this cooldown period, all market liquidation orders for that user will
    /// be for the entire position" (Hyperliquid's announcement of partial liquidations,
    /// https://tginsight.xyz/channel/hyperliquid_announcements/post/307) — where Core first kept it per account and market
    /// (fixed, in Core and the oracle). Here alice's BTC is partially liquidated at 21:16:00; she opens 125k of ETH at
    /// 21:16:05; at 21:16:10 ETH takes her under maintenance: BTC goes whole (its cooldown), and so does ETH. Core alone,
    /// asserting the documented rule.
    /// </summary>
    [Fact]
    public void A_partial_liquidation_starts_the_cooldown_of_every_position_of_the_account()
    {
        var btc = new MarketId("BTC-PERP");
        var eth = new MarketId("ETH-PERP");
        Timestamp At(int second) => new(StaircaseWorkload.Start.UnixMicroseconds + second * Timestamp.MicrosPerSecond);
        var commands = new List<Command>
        {
            new ConfigureCommand(EngineConfig.Default with { Partial = Partial(100_000) }),
            new ListMarketCommand(btc, 0.1m, 0.001m, Rate.Parse("0.02"), Rate.Parse("0.01"), Rate.Parse("0.005"), []),
            new ListMarketCommand(eth, 0.01m, 0.01m, Rate.Parse("0.02"), Rate.Parse("0.01"), Rate.Parse("0.005"), []),
            new DepositCommand(new AccountId("alice"), Money.FromUnits(4_700)),
            new DepositCommand(new AccountId("bob"), Money.FromUnits(1_000_000)),
            new TradeCommand(btc, new AccountId("alice"), new AccountId("bob"), 50_000m, 3m),
            new BookCommand(btc, [(48_890m, 1m)], []),
            new BookCommand(eth, [(2_429m, 100m)], []),
            new MarkCommand(btc, 48_900m) { Time = At(0) },
            new DepositCommand(new AccountId("alice"), Money.FromUnits(4_000)) { Time = At(5) },
            new TradeCommand(eth, new AccountId("alice"), new AccountId("bob"), 2_500m, 50m) { Time = At(5) },
        };
        var core = new ClearingEngine();
        int line = 0;
        foreach (var c in commands)
            Assert.DoesNotContain(core.Execute(c, ++line), e => e is Rejected);
        Assert.Equal(new Quantity(2_400), core.Ledger.Account(new AccountId("alice"))!.QuantityIn(btc)); // a fifth of BTC went at 0 s

        var crash = core.Execute(new MarkCommand(eth, 2_430m) { Time = At(10) }, ++line);
        var ethLiquidation = crash.OfType<Liquidated>().First(l => l.Market == eth);
        Assert.Equal(new Quantity(5_000), ethLiquidation.Quantity); // the whole 50 ETH; Core liquidates 10 first
    }

    /// <summary>Invalid close prices and Hyperliquid options are rejected by both engines, with the same words, in the same order.</summary>
    [Fact]
    public void Hyperliquid_invalid_options_are_rejected_alike()
    {
        var invalid = new[]
        {
            Base() with { AdlPrice = ClosePrice.Ftx },
            Base() with { BackstopPrice = ClosePrice.PreviousMark },
            Base() with { AdlPrice = ClosePrice.Ftx, BackstopPrice = ClosePrice.PreviousMark },
            Base(ClosePrice.PreviousMark) with { AdlRanking = AdlRankingKind.Budgeted },
            Base() with { BackstopTransferBelow = new Rate(0) },
            Base() with { BackstopTransferBelow = new Rate(Rate.Scale + 1) },
            Base() with { Partial = new PartialLiquidation(new Money(-1), Rate.Parse("0.2"), 30) },
            Base() with { Partial = Partial(100_000, "0") },
            Base() with { Partial = Partial(100_000, "1.5") },
            Base() with { BackstopTransferBelow = new Rate(0), Partial = Partial(100_000, "0") },
        };
        foreach (var config in invalid)
        {
            var sides = new SideBySide();
            sides.Run(new ConfigureCommand(config), 1);
            var e = Assert.Single(sides.Oracle.Log);
            Assert.Equal(RejectCode.InvalidValue, Assert.IsType<Rejected>(e).Code);
        }

        // The edges are valid: a transfer below all of maintenance, a partial threshold of zero, a fraction of one.
        var edges = Base() with { BackstopTransferBelow = Rate.Parse("1"), Partial = new PartialLiquidation(Money.Zero, Rate.Parse("1"), 0) };
        Staircase(edges, 4);
    }

    /// <summary>Random staircases under random combinations of the options, thresholds, fractions, cooldowns, ADL triggers, closeout surplus, clawback, allocation, funds, vaults and time steps.</summary>
    [Fact]
    public void Hyperliquid_random_crashes_agree()
    {
        var options = Gen.Select(Gen.Bool, Gen.Int[0, 2], Gen.Int[0, 2], Gen.Long[1_000, 150_000], Gen.Long[50_000_000, 1_000_000_000], Gen.Long[0, 60]);
        var gen = Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[6, 60], Gen.Bool, Gen.Long[0, 20_000], Gen.Long[100, 50_000], Gen.Long[0, 20_000_000],
            Gen.Select(Gen.Enum<AdlTrigger>(), Gen.Int[1, 2], Gen.Enum<SurplusRecipient>(), Gen.Bool, Gen.Bool), options);
        gen.Sample((seed, accounts, tiered, fund, vault, step, t, o) =>
        {
            var (partial, backstop, adlPrice, above, fraction, cooldown) = o;
            var (trigger, markets, surplus, clawback, wave) = t;
            var config = Base(adlPrice switch { 0 => ClosePrice.Bankruptcy, 1 => ClosePrice.Mark, _ => ClosePrice.PreviousMark }) with
            {
                BackstopPrice = backstop switch { 0 => ClosePrice.Bankruptcy, 1 => ClosePrice.Mark, _ => ClosePrice.Ftx },
                BackstopTransferBelow = backstop == 0 ? new Rate(Math.Max(1, fraction)) : null,
                Partial = partial ? new PartialLiquidation(Money.FromUnits(above), new Rate(fraction), cooldown) : null,
                AdlTrigger = trigger,
                AdlWindow = 20,
                CloseoutSurplus = surplus,
                Allocation = wave ? AllocationScope.PerWave : AllocationScope.PerBankruptcy,
                Waterfall = clawback ? [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback] : [WaterfallStageKind.Insurance],
            };
            Staircase(config, seed, accounts, 200, tiered, vault, fund, step, markets: markets);
        }, iter: 60);
    }
}
