using CsCheck;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

public sealed class RiskTest
{
    private static readonly MarketId Btc = new("BTCUSDT");
    private static readonly MarketId Eth = new("ETHUSDT");

    /// <summary>
    /// Binance USDⓈ-M cross-margin example (FAQ https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93 ;
    /// inputs as in freqtrade tests/exchange/test_binance.py::test_liquidation_price_binance, commit 1fc69ef; see
    /// /work/notes/research-findings.md Q2): wallet balance 1,535,443.01; BTCUSDT long 109.488 @ 32,481.98, mark
    /// 31,967.27; ETHUSDT long 3,683.979 @ 1,456.84, mark 1,335.18.
    /// Brackets (maintenance), from the research notes: BTCUSDT 50,000 @ 0.4%, 250,000 @ 0.5%, 1,000,000 @ 1%,
    /// 10,000,000 @ 2.5% (cum 16,300); ETHUSDT 10k @ 0.5%, 100k @ 0.65%, 500k @ 1%, 1M @ 2%, 2M @ 5%, 5M @ 10%
    /// (cum 135,365). Initial rates are twice maintenance, and the open-ended brackets above the last cap are
    /// 5% / 12.5% maintenance: those are ours (not from the sources) and play no part, since every notional at
    /// the marks and at the liquidation prices lies inside the cited brackets. Tick 0.01, lot 0.001.
    /// The account trades against the built-in book account "market", which is not margined.
    /// </summary>
    internal static EngineBuilder BinanceExample()
    {
        static MarginTier T(string cap, string mm) => new(Money.Parse(cap), new Rate(2 * Rate.Parse(mm).Ppb), Rate.Parse(mm));
        var b = new EngineBuilder()
            .Market("BTCUSDT", 0.01m, 0.001m, "0.1", "0.05", "0",
                T("50000", "0.004"), T("250000", "0.005"), T("1000000", "0.01"), T("10000000", "0.025"))
            .Market("ETHUSDT", 0.01m, 0.001m, "0.25", "0.125", "0",
                T("10000", "0.005"), T("100000", "0.0065"), T("500000", "0.01"), T("1000000", "0.02"), T("2000000", "0.05"), T("5000000", "0.1"))
            .Deposit("trader", "1535443.01")
            .Trade("BTCUSDT", "trader", "market", 32_481.98m, 109.488m)
            .Trade("ETHUSDT", "trader", "market", 1_456.84m, 3_683.979m)
            .Mark("BTCUSDT", 31_967.27m)
            .Mark("ETHUSDT", 1_335.18m);
        Assert.DoesNotContain(b.Events, e => e is Liquidated);
        return b;
    }

    [Fact]
    public void MaintenanceMargin_BinanceExample_MatchesFaqIntermediateFigures()
    {
        // FAQ: "Maintenance Margin of BTCUSDT = 71200.81144 (3500032.458 * 2.50% - 16300)" and
        // "Maintenance Margin of ETHUSDT = 356,512.508 (4918775.081 * 10.00% - 135365)"; UPNL −56,354.57 / −448,192.89.
        // Exact (research-findings.md Q2): 109.488 x 31,967.27 = 3,500,032.45776 → 71,200.811444;
        // 3,683.979 x 1,335.18 = 4,918,775.08122 → 356,512.508122;
        // uPnL 109.488 x (31,967.27 − 32,481.98) = −56,354.56848; 3,683.979 x (1,335.18 − 1,456.84) = −448,192.88514.
        var b = BinanceExample();
        var btc = b.MarketState("BTCUSDT");
        var eth = b.MarketState("ETHUSDT");
        var trader = b.Account("trader");
        Assert.Equal(Money.Parse("16300"), btc.Spec.Schedule.MaintenanceAmount(3));
        Assert.Equal(Money.Parse("135365"), eth.Spec.Schedule.MaintenanceAmount(5));
        Assert.Equal(Money.Parse("3500032.45776"), btc.Spec.Notional(trader.QuantityIn(Btc), btc.Mark!.Value));
        Assert.Equal(Money.Parse("71200.811444"), btc.Spec.Schedule.Maintenance(Money.Parse("3500032.45776")));
        Assert.Equal(Money.Parse("356512.508122"), eth.Spec.Schedule.Maintenance(Money.Parse("4918775.08122")));
        Assert.Equal(Money.Parse("-56354.56848"), trader.PositionIn(Btc)!.UnrealizedPnl(btc.Spec, btc.Mark!.Value));
        Assert.Equal(Money.Parse("-448192.88514"), trader.PositionIn(Eth)!.UnrealizedPnl(eth.Spec, eth.Mark!.Value));
        Assert.Equal(Money.Parse("427713.319566"), Risk.MaintenanceMargin(b.Ledger, trader));
    }

    [Fact]
    public void LiquidationPrice_BinanceCrossExample_PublishedValuesRoundedUpToTick()
    {
        // Published: BTC 26,316.89, ETH 1,153.26. Exact LP = (TMM₁ + Q·EP − WB − UPNL₁ − cum) / (Q·(1 − MMR)):
        // BTC 26,316.89326…, ETH 1,153.25646… (research-findings.md Q2, recomputed with exact fractions).
        // Risk.LiquidationPrice rounds a long's LP up to the tick (conservative), so the engine gives
        // 26,316.90 (the FAQ rounds to nearest: 26,316.89) and 1,153.26 (equal to the FAQ).
        var b = BinanceExample();
        var trader = b.Account("trader");
        Assert.Equal(new Price(2_631_690), Risk.LiquidationPrice(b.Ledger, trader, Btc));
        Assert.Equal(new Price(115_326), Risk.LiquidationPrice(b.Ledger, trader, Eth));
        // both liquidation prices stay in the brackets used: 109.488 x 26,316.90 ≈ 2.88M ∈ (1M, 10M],
        // 3,683.979 x 1,153.26 ≈ 4.25M ∈ (2M, 5M]
        Assert.Equal(3, b.MarketState("BTCUSDT").Spec.Schedule.BracketOf(b.MarketState("BTCUSDT").Spec.Notional(trader.QuantityIn(Btc), new Price(2_631_690))));
        Assert.Equal(5, b.MarketState("ETHUSDT").Spec.Schedule.BracketOf(b.MarketState("ETHUSDT").Spec.Notional(trader.QuantityIn(Eth), new Price(115_326))));
    }

    [Fact]
    public void LiquidationPrice_BinanceIsolatedExample_PublishedValuesRoundedUpToTick()
    {
        // Published (same FAQ / freqtrade test, isolated: TMM₁ = UPNL₁ = 0 and the same WB): BTC 18,778.73, ETH 1,114.78.
        // Exact: BTC 18,778.72593…, ETH 1,114.78496… Rounded up to the tick: 18,778.73 (= published) and
        // 1,114.79 (the FAQ rounds 1,114.78496 to nearest: 1,114.78).
        var b = BinanceExample();
        var trader = b.Account("trader");
        var wb = Money.Parse("1535443.01");
        var pb = trader.PositionIn(Btc)!;
        var pe = trader.PositionIn(Eth)!;
        Assert.Equal(new Price(1_877_873), Risk.LiquidationPrice(wb, Money.Zero, pb.Quantity, pb.Cost, b.MarketState("BTCUSDT").Spec));
        Assert.Equal(new Price(111_479), Risk.LiquidationPrice(wb, Money.Zero, pe.Quantity, pe.Cost, b.MarketState("ETHUSDT").Spec));
    }

    [Theory]
    // a mark one tick below a long's (rounded-up) liquidation price liquidates; the liquidation price itself does not
    [InlineData("BTCUSDT", "26316.89", true)]
    [InlineData("BTCUSDT", "26316.9", false)]
    [InlineData("ETHUSDT", "1153.25", true)]
    [InlineData("ETHUSDT", "1153.26", false)]
    public void Mark_AroundBinanceCrossLiquidationPrice_LiquidatesOnlyBelowIt(string market, string mark, bool liquidated)
    {
        var b = BinanceExample();
        var events = b.Run(new MarkCommand(new MarketId(market), decimal.Parse(mark, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(liquidated, events.OfType<Liquidated>().Any());
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Theory]
    // BitMEX example short: 20 sold at 600 with 1,000 → 600 + 1,000 / 20 = 650 (https://www.bitmex.com/app/autoDeleveragingExamples)
    [InlineData(-20, 600, "1000", 650)]
    // research notes §2.1: long 10 @ 100 with margin 50 → 95; margin 200 → 80
    [InlineData(10, 100, "50", 95)]
    [InlineData(10, 100, "200", 80)]
    // long 3 @ 100 with 100: (300 − 100) / 3 = 66.67 → rounded up (closing there leaves ≥ 0) to 67
    [InlineData(3, 100, "100", 67)]
    // short 3 @ 100 with 100: (300 + 100) / 3 = 133.33 → rounded down to 133
    [InlineData(-3, 100, "100", 133)]
    // long 10 @ 100 with 2,000: (1,000 − 2,000) / 10 < 0 → clamped to 0
    [InlineData(10, 100, "2000", 0)]
    public void BankruptcyPrice_ExplicitValues_RoundsSoClosingLeavesNonNegative(long lots, long entry, string collateral, long expected)
    {
        var spec = Specs.Create(1m, 1m);
        var cost = spec.Value(new Quantity(lots), new Price(entry));
        Assert.Equal(new Price(expected), Risk.BankruptcyPrice(Money.Parse(collateral), new Quantity(lots), cost, spec));
    }

    /// <summary>
    /// Closing the whole position at its bankruptcy price leaves the account at or above zero, and one tick worse
    /// leaves it below zero (so BP is the tightest such tick), unless BP was clamped at 0.
    /// </summary>
    [Fact]
    public void BankruptcyPrice_RandomPositions_IsTheTightestTickThatLeavesNonNegative() =>
        (from tick in Gen.Int[0, 3]
         from lots in Gen.Long[1, 1_000_000]
         from isLong in Gen.Bool
         from entry in Gen.Long[1, 1_000_000]
         from otherEquity in Gen.Long[-1_000_000_000_000, 1_000_000_000_000]
         select (tick, lots, isLong, entry, otherEquity))
        .Sample(t =>
        {
            var spec = Specs.Create(new[] { 0.001m, 0.01m, 1m, 5m }[t.tick], 0.001m);
            var q = new Quantity(t.isLong ? t.lots : -t.lots);
            var cost = spec.Value(q, new Price(t.entry));
            var e = new Money(t.otherEquity);
            Money After(long ticks) => e + spec.Value(q, new Price(ticks)) - cost;
            long bp = Risk.BankruptcyPrice(e, q, cost, spec).Ticks;
            if (bp == 0) // clamped (or exactly 0): a long is solvent even given away at 0; a short has no lower price to try
                return !t.isLong || !After(0).IsNegative;
            return !After(bp).IsNegative && After(bp - (t.isLong ? 1 : -1)).IsNegative;
        }, iter: 5_000);

    [Fact]
    public void LiquidationPrice_FullyCollateralizedLong_IsNull()
    {
        // long 10 @ 100 with 2,000: equity at price 0 is 1,000 ≥ MM 0 → no positive price liquidates it
        var spec = Specs.Create(1m, 1m);
        Assert.Null(Risk.LiquidationPrice(Money.FromUnits(2000), Money.Zero, new Quantity(10), spec.Value(new Quantity(10), new Price(100)), spec));
        Assert.Null(Risk.LiquidationPrice(Money.FromUnits(2000), Money.Zero, Quantity.Zero, Money.Zero, spec));
    }

    [Fact]
    public void LiquidationPrice_FlatMarginLongAndShort_MatchesClosedForm()
    {
        // long 10 @ 100 with 100, MM 5%: equity 100 + 10 (p − 100) = 0.05 x 10 p → p = 900 / 9.5 = 94.74 → up: 95
        // short 10 @ 100 with 100: 100 − 10 (p − 100) = 0.5 p → p = 1,100 / 10.5 = 104.76 → down: 104
        var spec = Specs.Create(1m, 1m);
        Assert.Equal(new Price(95), Risk.LiquidationPrice(Money.FromUnits(100), Money.Zero, new Quantity(10), Money.FromUnits(1000), spec));
        Assert.Equal(new Price(104), Risk.LiquidationPrice(Money.FromUnits(100), Money.Zero, new Quantity(-10), Money.FromUnits(-1000), spec));
    }

    [Fact]
    public void LiquidationPrice_ExactRootJustBelowBracketCap_DoesNotFallBackToBracketZero()
    {
        // Tick 1, lot 1; maintenance brackets: up to 500 at 1%, up to 1,005 at 5%, above at 20% (IM 2% / 10% / 40%).
        // cum: bracket 1 = 500 x (5% − 1%) = 20; bracket 2 = 1,005 x (20% − 5%) + 20 = 170.75.
        // A long of 10 with cost 1,500 and other equity 529.525 (K = cost − E = 970.475):
        //   bracket 1 line: 529.525 + 10p − 1,500 = 10p x 5% − 20 → p = (970.475 − 20) / 9.5 = 100.05, notional 1,000.5 ≤ 1,005:
        //   the exact liquidation price is 100.05, in bracket 1; rounded up to the tick (Risk.LiquidationPrice's rule
        //   for a long): 101.
        //   Check: at 100 equity 29.525 < MM 1,000 x 5% − 20 = 30 (liquidated); at 101 equity 39.525 ≥ MM 1,010 x 20% − 170.75 = 31.25.
        // What the bracket loop does: bracket 0's root 970.475 / 9.9 = 98.03 → 99 (notional 990, bracket 1: no);
        // bracket 1's 100.05 → 101 (notional 1,010, bracket 2: no); bracket 2's (970.475 − 170.75) / 8 = 99.97 → 100
        // (notional 1,000, bracket 1: no) — and it returns the fallback from bracket 0: 99, a price at which the
        // account is already being liquidated (as it is at 100).
        var spec = Specs.Create(1m, 1m, "0.4", "0.2", "0", Specs.Tier("500", "0.02", "0.01"), Specs.Tier("1005", "0.1", "0.05"));
        var lp = Risk.LiquidationPrice(Money.Parse("529.525"), Money.Zero, new Quantity(10), Money.FromUnits(1500), spec);
        Assert.Equal(new Price(101), lp);
    }

    /// <summary>
    /// Whatever the brackets, a long is below maintenance one tick under its liquidation price and not one tick
    /// above it (a short: one tick above / one tick under). Tick 1, lot 1 (a tick is worth 1 unit per lot, far more
    /// than the micro-unit rounding of the margin), caps off the price grid, rates rising with size.
    /// </summary>
    [Fact]
    public void LiquidationPrice_RandomPositionsAndBrackets_SeparatesLiquidatedFromSafePrices() =>
        (from lots in Gen.Long[1, 1_000]
         from isLong in Gen.Bool
         from entry in Gen.Long[10, 10_000]
         from equityPermille in Gen.Long[1, 2_000]
         from caps in Gen.Long[1_000_000, 5_000_000_000_000].Array[0, 4]
         from rates in Gen.Long[1, 40].Array[5]
         select (lots, isLong, entry, equityPermille, caps, rates))
        .Sample(t =>
        {
            var caps = t.caps.Distinct().Order().ToArray();
            var mmr = t.rates.Order().Select(r => r * 5_000_000L).ToArray();     // 0.5%..20%, non-decreasing
            var tiers = caps.Select((c, i) => new MarginTier(new Money(c), new Rate(2 * mmr[i]), new Rate(mmr[i]))).ToArray();
            var spec = MarketSpec.Create(new MarketId("X"), 1m, 1m, new Rate(2 * mmr[caps.Length]), new Rate(mmr[caps.Length]), Rate.Zero, tiers, out _)!;
            var q = new Quantity(t.isLong ? t.lots : -t.lots);
            var cost = spec.Value(q, new Price(t.entry));
            var otherEquity = new Money(spec.Notional(q, new Price(t.entry)).Micros * t.equityPermille / 1_000);
            bool Below(long ticks)
            {
                var p = new Price(ticks);
                return otherEquity + spec.Value(q, p) - cost < spec.Schedule.Maintenance(spec.Notional(q, p));
            }

            var lp = Risk.LiquidationPrice(otherEquity, Money.Zero, q, cost, spec);
            if (lp is not { } l)
                return t.isLong && !Below(1);
            if (t.isLong)
                return (l.Ticks < 2 || Below(l.Ticks - 1)) && !Below(l.Ticks + 1);
            return Below(l.Ticks + 1) && (l.Ticks < 2 || !Below(l.Ticks - 1));
        }, iter: 5_000);

    [Fact]
    public void EquityMarginsAndFreeCollateral_OfOneAccount()
    {
        // long 10 @ 100 with 300, mark 110: equity 300 + 100 = 400; IM 10% x 1,100 = 110; MM 55;
        // free = min(300, 400) − 110 = 190
        var b = new EngineBuilder().Market("M", 1m, 1m, "0.1", "0.05").Deposit("a", "300").Trade("M", "a", "market", 100m, 10m).Mark("M", 110m);
        var a = b.Account("a");
        Assert.Equal(Money.FromUnits(100), Risk.UnrealizedPnl(b.Ledger, a));
        Assert.Equal(Money.FromUnits(400), Risk.Equity(b.Ledger, a));
        Assert.Equal(Money.FromUnits(110), Risk.InitialMargin(b.Ledger, a));
        Assert.Equal(Money.FromUnits(55), Risk.MaintenanceMargin(b.Ledger, a));
        Assert.Equal(Money.FromUnits(190), Risk.FreeCollateral(b.Ledger, a));
        Assert.False(Risk.IsBelowMaintenance(b.Ledger, a));
        Assert.False(Risk.IsBelowMaintenance(b.Ledger, b.Ledger.MarketAccount));   // built in: never
    }
}
