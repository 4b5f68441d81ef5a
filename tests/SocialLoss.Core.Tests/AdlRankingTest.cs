using SocialLoss.Core.Adl;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

public sealed class AdlRankingTest
{
    [Theory]
    // BitMEX derived example (research notes §2.1, formula https://www.bitmex.com/app/autoDeleveraging): long 10 @ 100,
    // mark 120: mark value 1,200, entry value 1,000, PnL% 0.2. Margin 50 → BP 95, bankrupt value 950,
    // EffLev = 1,200 / (1,200 − 950) = 4.8 → score 0.96. Margin 200 → BP 80, EffLev 3 → 0.60.
    // Mark value − bankrupt value = margin + uPnL = 250 and 400.
    [InlineData(250, "0.96")]
    [InlineData(400, "0.6")]
    public void Bitmex_DerivedExample_MatchesPublishedScore(int equity, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            AdlRanking.Bitmex(upnl: 200, cost: 1000, notional: 1200, equity: equity).Value);

    [Theory]
    [InlineData("50", "95", "0.96")]
    [InlineData("200", "80", "0.6")]
    public void Score_BitmexDerivedExampleThroughEngine_BankruptcyPriceAndScore(string margin, string bp, string score)
    {
        // the same example with a real account: tick 1, lot 1, IM 5% (50 ≥ 5% x 1,000), MM 1%
        var b = new EngineBuilder()
            .Market("XBT", 1m, 1m, "0.05", "0.01")
            .Deposit("trader", margin)
            .Trade("XBT", "trader", "market", 100m, 10m)
            .Mark("XBT", 120m);
        var trader = b.Account("trader");
        Assert.Equal(b.Ticks("XBT", decimal.Parse(bp, System.Globalization.CultureInfo.InvariantCulture)), Risk.BankruptcyPrice(b.Ledger, trader, EngineBuilder.M("XBT")));
        Assert.Equal(AdlScore.Of(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)),
            AdlRanking.Score(AdlRankingKind.Bitmex, b.Ledger, trader, EngineBuilder.M("XBT")));
    }

    [Fact]
    public void Bitmex_LosingPosition_DividesByLeverageAndNoEquityWinnerIsInfinite()
    {
        // PnL% −0.2, EffLev 800 / 200 = 4 → −0.2 / 4 = −0.05
        Assert.Equal(-0.05m, AdlRanking.Bitmex(upnl: -200, cost: 1000, notional: 800, equity: 200).Value);
        Assert.Equal(AdlScore.PositiveInfinity, AdlRanking.Bitmex(upnl: 10, cost: 100, notional: 110, equity: 0));
        Assert.Equal(AdlScore.Of(0), AdlRanking.Bitmex(upnl: -10, cost: 100, notional: 90, equity: -5));
    }

    [Fact]
    public void Binance_ForumExample_PnlPercent941AndLeveragePnl126()
    {
        // Binance ADL ranking (https://www.binance.com/en/support/faq/360033525471): PnlPercent = max(0, uPnL) / max(1, WB),
        // MarginRatio = MaintMargin / (WB + uPnL), LeveragePnL = PnlPercent x MarginRatio. User example
        // (https://dev.binance.vision/t/how-to-caculating-leverage-pnl-quantile/17801): uPnL 40.2, WB 4.27, margin
        // ratio 13.42% → PnlPercent 9.41, LeveragePnL 1.26. MaintMargin = 13.42% x (4.27 + 40.2) = 5.967874.
        var score = AdlRanking.Binance(upnl: 40.2m, walletBalance: 4.27m, maintenance: 5.967874m, equity: 44.47m).Value;
        Assert.Equal(9.41m, Math.Round(40.2m / 4.27m, 2));
        Assert.Equal(1.26m, Math.Round(score, 2));
        // a wallet balance under 1 counts as 1; a loss counts as 0
        Assert.Equal(0.5m * 0.1m, AdlRanking.Binance(upnl: 0.5m, walletBalance: 0.2m, maintenance: 0.07m, equity: 0.7m).Value);
        Assert.Equal(0m, AdlRanking.Binance(upnl: -3m, walletBalance: 10m, maintenance: 1m, equity: 7m).Value);
    }

    [Fact]
    public void Hyperliquid_ShortInProfit_UsesEntryOverMark()
    {
        // short 10 entered at 100 (cost −1,000), mark 80 (mark value −800), account value 400:
        // entry / mark = 1.25, notional / account value = 2 → 2.5
        Assert.Equal(2.5m, AdlRanking.Hyperliquid(markValue: -800, cost: -1000, notional: 800, accountValue: 400).Value);
        // long: (120 / 100) x (1,200 / 400) = 3.6
        Assert.Equal(3.6m, AdlRanking.Hyperliquid(markValue: 1200, cost: 1000, notional: 1200, accountValue: 400).Value);
        Assert.Equal(AdlScore.PositiveInfinity, AdlRanking.Hyperliquid(1200, 1000, 1200, 0));
    }

    /// <summary>
    /// Three longs in a tick-1, lot-1 market (IM 10%, MM 5%), each buying at its own mark from the book account,
    /// then the mark goes to 200:
    ///   X: 1 @ 100 with 20  → uPnL 100, cost 100, notional 200,   equity 120, MM 10
    ///   Y: 2 @ 125 with 50  → uPnL 150, cost 250, notional 400,   equity 200, MM 20
    ///   Z: 5 @ 160 with 100 → uPnL 200, cost 800, notional 1,000, equity 300, MM 50
    /// </summary>
    private static EngineBuilder ThreeLongs()
    {
        var b = new EngineBuilder().Market("M", 1m, 1m, "0.1", "0.05");
        foreach (var (id, q, entry, collateral) in new[] { ("X", 1m, 100m, "20"), ("Y", 2m, 125m, "50"), ("Z", 5m, 160m, "100") })
            b.Mark("M", entry).Deposit(id, collateral).Trade("M", id, "market", entry, q);
        return b.Mark("M", 200m);
    }

    [Theory]
    // BitMEX  PnL% x notional / equity:       X 1 x 200/120 = 1.667; Y 0.6 x 2 = 1.2;          Z 0.25 x 1000/300 = 0.833
    [InlineData(AdlRankingKind.Bitmex, "X,Y,Z")]
    // Binance uPnL/WB x MM/equity:            X 5 x 10/120 = 0.417;  Y 3 x 20/200 = 0.3;       Z 2 x 50/300 = 0.333
    [InlineData(AdlRankingKind.Binance, "X,Z,Y")]
    // Hyperliquid mark/entry x notional/equity: X 2 x 200/120 = 3.333; Y 1.6 x 2 = 3.2;      Z 1.25 x 1000/300 = 4.167
    [InlineData(AdlRankingKind.Hyperliquid, "Z,X,Y")]
    // Size: notional                          X 200;                 Y 400;                    Z 1,000
    [InlineData(AdlRankingKind.Size, "Z,Y,X")]
    public void Build_ThreeLongs_OrdersAsEachFormulaSays(AdlRankingKind kind, string order)
    {
        var queue = AdlQueue.Build(ThreeLongs().Ledger, EngineBuilder.M("M"), +1, kind);
        Assert.Equal(order, string.Join(",", queue.Select(c => c.Account.Id.Value)));
    }

    [Fact]
    public void Score_ThreeLongs_MatchTheFormulas()
    {
        var b = ThreeLongs();
        decimal S(AdlRankingKind k, string id) => AdlRanking.Score(k, b.Ledger, b.Account(id), EngineBuilder.M("M")).Value;
        // values as derived in ThreeLongs' doc; decimal division is exact to 28 digits, compare to 20 places
        Assert.Equal(200m / 120m, S(AdlRankingKind.Bitmex, "X"), 20);
        Assert.Equal(1.2m, S(AdlRankingKind.Bitmex, "Y"), 20);
        Assert.Equal(0.25m * (1000m / 300m), S(AdlRankingKind.Bitmex, "Z"), 20);
        Assert.Equal(5m * (10m / 120m), S(AdlRankingKind.Binance, "X"), 20);
        Assert.Equal(0.3m, S(AdlRankingKind.Binance, "Y"), 20);
        Assert.Equal(2m * (50m / 300m), S(AdlRankingKind.Binance, "Z"), 20);
        Assert.Equal(2m * (200m / 120m), S(AdlRankingKind.Hyperliquid, "X"), 20);
        Assert.Equal(3.2m, S(AdlRankingKind.Hyperliquid, "Y"), 20);
        Assert.Equal(1.25m * (1000m / 300m), S(AdlRankingKind.Hyperliquid, "Z"), 20);
        Assert.Equal(1000m, S(AdlRankingKind.Size, "Z"));
    }

    [Fact]
    public void Build_ShortsUnderHyperliquid_LargerProfitRatioFirst()
    {
        // Two shorts of 1 with equal collateral 100 at entries 100 (P) and 150 (Q); mark 90:
        // P: (100/90) x 90 / 110 = 0.909; Q: (150/90) x 90 / 160 = 0.9375 → Q first.
        var b = new EngineBuilder().Market("M", 1m, 1m, "0.1", "0.05");
        b.Mark("M", 100m).Deposit("P", "100").Trade("M", "market", "P", 100m, 1m);
        b.Mark("M", 150m).Deposit("Q", "100").Trade("M", "market", "Q", 150m, 1m);
        b.Mark("M", 90m);
        Assert.Equal(["Q", "P"], AdlQueue.Build(b.Ledger, EngineBuilder.M("M"), -1, AdlRankingKind.Hyperliquid).Select(c => c.Account.Id.Value));
    }
}
