using SocialLoss.Core.Accounts;
using SocialLoss.Core.Adl;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>The worked examples that venues and papers publish, reproduced through the engine.</summary>
public class PublishedExamplesTest
{
    private static readonly EngineConfig AdlOnly = EngineConfig.Default with { CloseOut = [CloseOutStage.Adl] };

    /// <summary>
    /// BitMEX, https://www.bitmex.com/app/autoDeleveragingExamples : six longs (account: quantity, rank score)
    /// 1:10,3  2:10,6  3:20,1  4:30,4  5:20,5  6:10,2; a short of 20 is liquidated, unfillable, with bankruptcy
    /// price 650 → account 2 is closed fully (10) and 10 of account 5's 20, at 650.
    /// Here the scores come from collateral: all longs bought at 600; at mark 640 each has PnL% = 40/600 and
    /// effective leverage 640 / (collateral per unit + 40), so less collateral per unit ranks higher:
    /// 2 (60/unit), 5 (80), 4 (100), 1 (150), 6 (250), 3 (500) — BitMEX's order 2, 5, 4, 1, 6, 3.
    /// The short sold 20 at 600 with 1000 of collateral: BP = 600 + 1000 / 20 = 650; at mark 640 its equity
    /// 1000 − 20 x 40 = 200 is below maintenance 0.025 x 20 x 640 = 320.
    /// </summary>
    [Fact]
    public void BitmexAdlExample_ShortOf20AtBankruptcy650_ClosesAccount2FullyAnd10OfAccount5()
    {
        var s = new Scenario().Config(AdlOnly).Market("XBT", tick: "1", lot: "1", im: "0.05", mm: "0.025");
        var longs = new (string Id, int Qty, int PerUnit)[] { ("1", 10, 150), ("2", 10, 60), ("3", 20, 500), ("4", 30, 100), ("5", 20, 80), ("6", 10, 250) };
        s.Deposit("short", "1000");
        foreach (var (id, qty, perUnit) in longs)
            s.Deposit(id, (qty * perUnit).ToString());
        s.Trade("XBT", "4", "short", "600", "20");
        foreach (var (id, qty, _) in longs)
            s.Trade("XBT", id, "market", "600", id == "4" ? "10" : qty.ToString());

        var events = s.Mark("XBT", "640");

        var liquidated = Assert.Single(events.OfType<Liquidated>());
        Assert.Equal("short", liquidated.Account.Value);
        Assert.Equal(new Price(650), liquidated.BankruptcyPrice);
        var adl = events.OfType<Deleveraged>().ToList();
        Assert.Equal(2, adl.Count);
        Assert.Equal(("2", 10L, 650L, 1), (adl[0].Account.Value, adl[0].Quantity.Lots, adl[0].Price.Ticks, adl[0].Rank));
        Assert.Equal(("5", 10L, 650L, 2), (adl[1].Account.Value, adl[1].Quantity.Lots, adl[1].Price.Ticks, adl[1].Rank));
        Assert.Equal(10, s.Account("5").QuantityIn(new MarketId("XBT")).Lots);
        Assert.True(s.Account("2").QuantityIn(new MarketId("XBT")).IsZero);
    }

    /// <summary>
    /// BitMEX's published percentiles for the same queue, quantities 10, 20, 30, 10, 10, 20 in queue order
    /// (accounts 2, 5, 4, 1, 6, 3): 20%, 40%, 60%, 80%, 80%, 100% → indicators 4, 3, 2, 1, 1, 0.
    /// Source: https://www.bitmex.com/app/autoDeleveragingExamples
    /// </summary>
    [Fact]
    public void BitmexIndicatorExample_QuantityWeightedQuintiles()
    {
        var queue = new[] { 10, 20, 30, 10, 10, 20 }
            .Select((q, i) => new AdlCandidate(new Account(new AccountId(i.ToString())), new Quantity(q), AdlScore.Of(-i)))
            .ToList();
        Assert.Equal([4, 3, 2, 1, 1, 0], AdlQueue.Indicators(queue));
    }

    /// <summary>
    /// BitMEX score, derived from the formula at https://www.bitmex.com/app/autoDeleveraging : long 10 @ 100, mark 120
    /// (mark value 1,200, entry value 1,000, PnL% 0.2). Margin 50 → BP 95, EffLev = 1200 / (1200 − 950) = 4.8 → 0.96.
    /// Margin 200 → BP 80, EffLev 3 → 0.60. Mark − bankrupt value is the equity: 50 + 200 and 200 + 200.
    /// </summary>
    [Theory]
    [InlineData(250, 0.96)]
    [InlineData(400, 0.60)]
    public void BitmexScore_DerivedExample(int equity, double expected) =>
        Assert.Equal((decimal)expected, AdlRanking.Bitmex(upnl: 200, cost: 1000, notional: 1200, equity: equity).Value);

    /// <summary>
    /// Binance COIN-M BTCUSD brackets before April 2021 (floors 0/10/20/30/50/100/200/400/1000/1500 BTC, MMR
    /// 0.4/0.5/1/2.5/5/10/12.5/15/25/25%): "Maintenance Amount on Level 5 = 50 BTC * (5% − 2.5%) + 0.56 BTC = 1.81 BTC",
    /// and 300 BTC → 11.81 BTC (level 7).
    /// Sources: https://www.binance.com/es/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46 (2021-02-05),
    /// https://www.binance.com/en/support/announcement/9c6a1766be424fccacd2549db3d61a3f
    /// </summary>
    [Fact]
    public void BinanceCumExample_Level5Is1_81()
    {
        string[] caps = ["10", "20", "30", "50", "100", "200", "400", "1000", "1500"];
        string[] mmr = ["0.004", "0.005", "0.01", "0.025", "0.05", "0.1", "0.125", "0.15", "0.25"];
        var tiers = caps.Select((c, i) => new MarginTier(Money.Parse(c), Rate.Parse("0.5"), Rate.Parse(mmr[i]))).ToList();
        var schedule = new MarginSchedule(tiers, Rate.Parse("0.5"), Rate.Parse("0.25"));
        Assert.Equal(Money.Parse("0.56"), schedule.MaintenanceAmount(3));
        Assert.Equal(Money.Parse("1.81"), schedule.MaintenanceAmount(4));
        Assert.Equal(Money.Parse("11.81"), schedule.MaintenanceAmount(6));
        // 300 BTC is in level 7: MM = 300 x 12.5% − 11.81 = 25.69.
        Assert.Equal(6, schedule.BracketOf(Money.Parse("300")));
        Assert.Equal(Money.Parse("25.69"), schedule.Maintenance(Money.Parse("300")));
    }

    /// <summary>
    /// Binance USDⓈ-M cross-margin liquidation price example (FAQ https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93 ,
    /// inputs as in freqtrade tests/exchange/test_binance.py::test_liquidation_price_binance): wallet 1,535,443.01;
    /// BTCUSDT long 109.488 @ 32,481.98, mark 31,967.27, bracket 2.5% / cum 16,300; ETHUSDT long 3,683.979 @ 1,456.84,
    /// mark 1,335.18, bracket 10% / cum 135,365. Published: BTC 26,316.89, ETH 1,153.26. Exact values
    /// 26,316.8933.. and 1,153.2565..; we round a long's liquidation price up to the tick (conservative), so
    /// BTC shows 26,316.90 and ETH 1,153.26.
    /// </summary>
    [Fact]
    public void BinanceCrossLiquidationPriceExample()
    {
        var s = BinanceAccount();
        var trader = s.Account("trader");
        var btc = s.Ledger.Markets["BTCUSDT"];
        var eth = s.Ledger.Markets["ETHUSDT"];
        Assert.Equal("26316.9", btc.Spec.Format(Risk.LiquidationPrice(s.Ledger, trader, btc.Id)!.Value));
        Assert.Equal("1153.26", eth.Spec.Format(Risk.LiquidationPrice(s.Ledger, trader, eth.Id)!.Value));
        // The FAQ's intermediate figures: maintenance of the other contract, 71,200.81144 (BTC: 3,500,032.45776 x 2.5% − 16,300 = 71,200.811444 exactly) and
        // 356,512.508 (ETH: 4,918,775.08122 x 10% − 135,365 = 356,512.508122), rounded up to a micro-unit.
        Assert.Equal(Money.Parse("71200.811444"), btc.Spec.Schedule.Maintenance(btc.Spec.Notional(trader.QuantityIn(btc.Id), btc.Mark!.Value)));
        Assert.Equal(Money.Parse("356512.508122"), eth.Spec.Schedule.Maintenance(eth.Spec.Notional(trader.QuantityIn(eth.Id), eth.Mark!.Value)));
    }

    /// <summary>
    /// The same FAQ's isolated figures (TMM₁ = UPNL₁ = 0, the same wallet balance): BTC 18,778.73, ETH 1,114.78.
    /// Exact values 18,778.7259.. and 1,114.7850..; rounded up to the tick: 18,778.73 and 1,114.79.
    /// </summary>
    [Fact]
    public void BinanceIsolatedLiquidationPriceExample()
    {
        var s = BinanceAccount();
        var trader = s.Account("trader");
        var wb = Money.Parse("1535443.01");
        var btc = s.Ledger.Markets["BTCUSDT"];
        var eth = s.Ledger.Markets["ETHUSDT"];
        var pb = trader.PositionIn(btc.Id)!;
        var pe = trader.PositionIn(eth.Id)!;
        Assert.Equal("18778.73", btc.Spec.Format(Risk.LiquidationPrice(wb, Money.Zero, pb.Quantity, pb.Cost, btc.Spec)!.Value));
        Assert.Equal("1114.79", eth.Spec.Format(Risk.LiquidationPrice(wb, Money.Zero, pe.Quantity, pe.Cost, eth.Spec)!.Value));
    }

    private static Scenario BinanceAccount()
    {
        // Brackets from Binance's USDⓈ-M tables (research notes): BTCUSDT 50k 0.4%, 250k 0.5%, 1M 1%, 10M 2.5%;
        // ETHUSDT 10k 0.5%, 100k 0.65%, 500k 1%, 1M 2%, 2M 5%, 5M 10%. Initial rates are twice maintenance.
        MarginTier T(string cap, string mm) => new(Money.Parse(cap), new Rate(2 * Rate.Parse(mm).Ppb), Rate.Parse(mm));
        var s = new Scenario()
            .Market("BTCUSDT", "0.01", "0.001", "0.1", "0.05", "0", T("50000", "0.004"), T("250000", "0.005"), T("1000000", "0.01"), T("10000000", "0.025"))
            .Market("ETHUSDT", "0.01", "0.001", "0.25", "0.125", "0", T("10000", "0.005"), T("100000", "0.0065"), T("500000", "0.01"), T("1000000", "0.02"), T("2000000", "0.05"), T("5000000", "0.1"))
            .Deposit("trader", "1535443.01")
            .Trade("BTCUSDT", "trader", "market", "32481.98", "109.488")
            .Trade("ETHUSDT", "trader", "market", "1456.84", "3683.979");
        Assert.Empty(s.Mark("BTCUSDT", "31967.27").OfType<Liquidated>());
        Assert.Empty(s.Mark("ETHUSDT", "1335.18").OfType<Liquidated>());
        Assert.Equal(Money.Parse("16300"), s.Ledger.Markets["BTCUSDT"].Spec.Schedule.MaintenanceAmount(3));
        Assert.Equal(Money.Parse("135365"), s.Ledger.Markets["ETHUSDT"].Spec.Schedule.MaintenanceAmount(5));
        return s;
    }

    /// <summary>
    /// Crypto.com's socialized-loss example (research notes): winners' profits 50,000 / 45,000 / 30,000 / 30,000 /
    /// 15,000 / 1,000 (total 171,000) share a 10,000 loss at 5.848%: 2,923.98 / 2,631.58 / 1,754.39 / 1,754.39 /
    /// 877.19 / 58.48 — which sum to 10,000.01. Our parts are exact micro-units by largest remainder and sum to
    /// exactly 10,000: floors 2923.976608, 2631.578947, 1754.385964 (x2), 877.192982, 58.479532 leave 3 micro-units,
    /// which go to the largest remainders (.9122 x2, .4561).
    /// Here end to end: a long of 342 bought at 1,000 with 161,000 is liquidated at mark 500 into a bid of
    /// 342 @ 500: loss 171,000, bad debt 10,000; the fund is empty; the shorts (sold at 1,000) have
    /// unrealized profit of 500 per unit: 100, 90, 60, 60, 30 and 2 units.
    /// </summary>
    [Fact]
    public void ProRataClawbackExample_CryptoCom()
    {
        var s = new Scenario()
            .Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Book], Waterfall = [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback] })
            .Market("P", "1", "1", "0.1", "0.05")
            .Deposit("loser", "161000");
        var winners = new (string Id, int Units)[] { ("a", 100), ("b", 90), ("c", 60), ("d", 60), ("e", 30), ("f", 2) };
        foreach (var (id, units) in winners)
        {
            s.Deposit(id, "20000");
            s.Trade("P", "loser", id, "1000", units.ToString());
        }

        s.Book("P", [("500", "342")], []);
        var events = s.Mark("P", "500");

        Assert.Equal(Money.Parse("10000"), Assert.Single(events.OfType<BadDebt>()).Amount);
        var claw = events.OfType<ClawedBack>().ToDictionary(c => c.Account.Value);
        string[] expected = ["2923.976608", "2631.578947", "1754.385965", "1754.385965", "877.192983", "58.479532"];
        string[] published = ["2923.98", "2631.58", "1754.39", "1754.39", "877.19", "58.48"];
        for (int i = 0; i < winners.Length; i++)
        {
            var c = claw[winners[i].Id];
            Assert.Equal(Money.Parse(expected[i]), c.Amount);
            Assert.True(Math.Abs(c.Amount.Micros - Money.Parse(published[i]).Micros) <= 10_000, "within a cent of the published figure");
            Assert.Equal(Money.FromUnits(500L * winners[i].Units), c.Base);
            Assert.Equal(10000m / 171000m, c.Rate);
        }

        Assert.Equal(Money.Parse("10000"), new Money(claw.Values.Sum(c => c.Amount.Micros)));
        Assert.Empty(events.OfType<DeficitChanged>());
        Assert.Equal(Money.Zero, s.Account("loser").Balance);
    }

    /// <summary>
    /// 58COIN: "coefficient = (accumulated debt loss − IF) / Σ profits of winners"; 8,000 left after the fund over
    /// 40,000,000 of profits → 1/5,000; a 1,000 profit pays 0.2 USDT.
    /// Source: https://58coin-support.zendesk.com/hc/en-us/articles/360015587494
    /// </summary>
    [Fact]
    public void ProRataCoefficientExample_58Coin()
    {
        var parts = LargestRemainder.Split(Money.FromUnits(8_000).Micros, [Money.FromUnits(1_000).Micros, Money.FromUnits(39_999_000).Micros]);
        Assert.Equal(Money.Parse("0.2").Micros, parts[0]);
        Assert.Equal(Money.Parse("7999.8").Micros, parts[1]);
    }

    /// <summary>
    /// Chitra, "Autodeleveraging: Impossibilities and Optimization" (arXiv 2512.01112), worked example:
    /// w = (8, 4, 0.5), budget θD = 7.5 → pro-rata h = 0.6, seized (4.8, 2.4, 0.3).
    /// </summary>
    [Fact]
    public void ProRataExample_Chitra()
    {
        var parts = LargestRemainder.Split(Money.Parse("7.5").Micros, [Money.Parse("8").Micros, Money.Parse("4").Micros, Money.Parse("0.5").Micros]);
        Assert.Equal([Money.Parse("4.8").Micros, Money.Parse("2.4").Micros, Money.Parse("0.3").Micros], parts);
    }
}
