using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>Per-wave pooled allocation (<c>"allocation": "per-wave"</c>) against per-bankruptcy, with hand-computed numbers.</summary>
public class WaveAllocationTest
{
    private static EngineConfig Clawback(AllocationScope scope, ClawbackMethod method, string cap) =>
        EngineConfig.Default with
        {
            CloseOut = [CloseOutStage.Book],
            Waterfall = [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback],
            ClawbackMethod = method,
            ClawbackCap = Rate.Parse(cap),
            Allocation = scope,
        };

    /// <summary>
    /// Two longs of 10 bought at 100 with 100 each go bankrupt at mark 80 (debt 100 each, no fund). Winners: w1 short 1
    /// (profit 20, equity 10,020), w2 short 19 (profit 380). Capped pro-rata with a 40% cap:
    /// per bankruptcy, each debt of 100 is 25% then 33% of the bases left (400, then 300): w1 5 + 5, w2 95 + 95 —
    /// w2 gives 190 = 50% of its 380, beyond the cap, because it is charged once per bankruptcy.
    /// Per wave, the pooled 200 exceeds the capped capacity 0.4 x 400 = 160: w1 8, w2 152, and 40 is deficit.
    /// </summary>
    [Fact]
    public void CappedProRata_PerWave_NeverChargesTheSameWinnerPastItsCap()
    {
        Assert.Equal(new Dictionary<string, long> { ["w1"] = 10_000_000, ["w2"] = 190_000_000 }, Charged(Crash(AllocationScope.PerBankruptcy)));

        var wave = Crash(AllocationScope.PerWave);
        Assert.Equal(new Dictionary<string, long> { ["w1"] = 8_000_000, ["w2"] = 152_000_000 }, Charged(wave));
        var pays = wave.Events.OfType<ClawedBack>().Select(c => (c.Account.Value, c.Bankrupt.Value, c.Amount.Micros)).ToArray();
        Assert.Equal([("w1", "l1", 8_000_000L), ("w2", "l1", 92_000_000L), ("w2", "l2", 60_000_000L)], pays);
        var deficit = Assert.Single(wave.Events.OfType<DeficitChanged>());
        Assert.Equal(("l2", 40_000_000L), (deficit.Account.Value, deficit.Change.Micros));
        Assert.All(wave.Events.OfType<ClawedBack>(), c => Assert.Equal(0.4m, c.Rate));

        static Scenario Crash(AllocationScope scope)
        {
            var s = new Scenario().Config(Clawback(scope, ClawbackMethod.CappedProRata, "0.4")).Market("P", "1", "1", "0.1", "0.05")
                .Deposit("l1", "100").Deposit("l2", "100").Deposit("w1", "10000").Deposit("w2", "1000")
                .Trade("P", "l1", "w1", "100", "1").Trade("P", "l1", "w2", "100", "9").Trade("P", "l2", "w2", "100", "10");
            s.Mark("P", "80");
            return s;
        }
    }

    /// <summary>
    /// Pooled fair ADL: two shorts of 10 (sold at 190 with 100) are bankrupt at 200 (bankruptcy price 200) against
    /// longs a (5 at 100), b (10 at 130), c (10 at 150), profits 500, 700, 500. The pooled 20 lots are allocated once:
    /// a's cap binds at 5, the other 15 split 700:500 → b 9, c 6 (as for one bankruptcy of 20). The parts are handed
    /// to the bankrupts in id order, the winners in rank order (b, a, c): s1 ← b 9, a 1; s2 ← a 4, c 6.
    /// </summary>
    [Fact]
    public void FairAdl_PerWave_AllocatesThePooledLotsOnce()
    {
        var s = new Scenario().Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlRanking = AdlRankingKind.Fair, Allocation = AllocationScope.PerWave })
            .Market("P", "1", "1", "0.05", "0.025")
            .Deposit("a", "1000").Deposit("b", "1000").Deposit("c", "1000").Deposit("s1", "100").Deposit("s2", "100")
            .Trade("P", "a", "market", "100", "5").Trade("P", "b", "market", "130", "10").Trade("P", "c", "market", "150", "10")
            .Trade("P", "market", "s1", "190", "10").Trade("P", "market", "s2", "190", "10");
        var fills = s.Mark("P", "200").OfType<Deleveraged>().Select(d => (d.Counterparty.Value, d.Account.Value, d.Quantity.Lots, d.Rank)).ToArray();
        Assert.Equal([("s1", "b", 9L, 1), ("s1", "a", 1L, 2), ("s2", "a", 4L, 2), ("s2", "c", 6L, 3)], fills);
    }

    /// <summary>
    /// A wave's own members are not each other's backstops. a (long X 10, long Y 10) and b (long X 15, short Y 5, a
    /// backstop) both go under when X falls 100 → 80. The pooled ADL gives a's Y long to c's short 5 only (b is in the
    /// wave); the backstop rung that follows must not hand a's other 5 lots to b — b's own plan still has to close its
    /// short 5, and a fill on it first left that plan closing lots b no longer held (found by EnginePropertyTest,
    /// seed a_jwzvnivpZ1). Both remainders go to the fund instead.
    /// </summary>
    [Fact]
    public void PerWave_AWaveMemberIsNoBackstopForAnother()
    {
        var s = new Scenario().Config(EngineConfig.Default with
            {
                CloseOut = [CloseOutStage.Adl, CloseOutStage.Backstop],
                AdlRanking = AdlRankingKind.Size,
                Allocation = AllocationScope.PerWave,
            })
            .Market("X", "1", "1", "0.1", "0.05").Market("Y", "1", "1", "0.1", "0.05")
            .Deposit("a", "200").Deposit("b", "200").Deposit("c", "100000")
            .Trade("X", "a", "c", "100", "10").Trade("Y", "a", "c", "100", "10")
            .Trade("X", "b", "c", "100", "15").Trade("Y", "c", "b", "100", "5");
        s.Mark("Y", "100");
        s.Run(new Commands.BackstopCommand(new AccountId("b"), true));

        var events = s.Mark("X", "80");

        Assert.DoesNotContain(events.OfType<ClosedOut>(), c => c.Counterparty.Value == "b");
        var yFills = events.OfType<ClosedOut>().Where(c => c.Market.Value == "Y").Select(c => (c.Account.Value, c.Counterparty.Value, c.Via, c.Quantity.Lots)).ToArray();
        Assert.Equal([("a", "insurance", CloseOutVia.Fund, 5L), ("b", "insurance", CloseOutVia.Fund, 5L)], yFills);
        Assert.Equal(("c", "a", 5L), events.OfType<Deleveraged>().Where(d => d.Market.Value == "Y").Select(d => (d.Account.Value, d.Counterparty.Value, d.Quantity.Lots)).Single());
        Assert.False(s.Account("a").HasPositions);
        Assert.False(s.Account("b").HasPositions);
    }

    /// <summary>
    /// Water-filling on leverage: a long of 20 (100 at 100) is bankrupt at 95 against shorts x (10, equity 150),
    /// y (10, equity 450), z (10, equity 1,050). The level cuts all three: L = (30 − 20) / 1,650 lots per unit of equity,
    /// x = 10 − 150L = 9.09, y = 10 − 450L = 7.27, z = 10 − 1,050L = 3.64 → floors 9, 7, 3 and the last lot to the
    /// largest remainder (z): 9, 7, 4 — each left at about the same leverage (x 1 lot, y 3, z 6 over 150, 450, 1,050).
    /// </summary>
    [Fact]
    public void Leverage_CutsTheMostLeveragedDownToACommonLevel()
    {
        var fills = LeverageCrash(("x", "150", "10"), ("y", "450", "10"), ("z", "1050", "10"));
        Assert.Equal(new Dictionary<string, long> { ["x"] = 9, ["y"] = 7, ["z"] = 4 }, fills);
    }

    /// <summary>
    /// Sybil resistance (arXiv 2603.15963): x split into x1 and x2 of half the size and half the equity (the same
    /// leverage) gives up 9 lots in total as x did (x1 5, x2 4 after largest remainder), and y and z are untouched.
    /// </summary>
    [Fact]
    public void Leverage_SplittingAnAccountAtTheSameLeverage_ChangesNothingInTotal()
    {
        var whole = LeverageCrash(("x", "150", "10"), ("y", "450", "10"), ("z", "1050", "10"));
        var split = LeverageCrash(("x1", "75", "5"), ("x2", "75", "5"), ("y", "450", "10"), ("z", "1050", "10"));
        Assert.Equal(whole["x"], split["x1"] + split["x2"]);
        Assert.Equal((whole["y"], whole["z"]), (split["y"], split["z"]));
    }

    /// <summary>What each account paid in clawbacks, in micro-units.</summary>
    private static Dictionary<string, long> Charged(Scenario s) =>
        s.Events.OfType<ClawedBack>().GroupBy(c => c.Account.Value).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount.Micros));

    /// <summary>Shorts with the given (equity at mark 95, size) sold at 100, against a long of 20 bankrupt at 95.</summary>
    private static Dictionary<string, long> LeverageCrash(params (string Id, string Equity, string Size)[] shorts)
    {
        var s = new Scenario().Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlRanking = AdlRankingKind.Leverage })
            .Market("P", "1", "1", "0.05", "0.025").Deposit("long", "100");
        foreach (var (id, equity, size) in shorts)
            s.Deposit(id, (decimal.Parse(equity) - 5 * decimal.Parse(size)).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Trade("P", "market", id, "100", size);
        s.Trade("P", "long", "market", "100", "20");
        return s.Mark("P", "95").OfType<Deleveraged>().GroupBy(d => d.Account.Value).ToDictionary(g => g.Key, g => g.Sum(d => d.Quantity.Lots));
    }

    /// <summary>
    /// Budgeted ADL: a long of 20 (100 at 100) is at −100 at mark 90; the fund (50) covers half, the budget is 50.
    /// The bankruptcy price is 95 (100 + 20 (p − 100) = 0), so a lot closed there costs its taker 5 against the
    /// mark: ceil(50 / 5) = 10 lots are closed, not 20. Min-max over the winners x (equity 1,100) and y (3,100):
    /// 10 x 1,100 / 4,200 = 2.6 and 7.4 → 2 and 7, the last lot to x's larger remainder: x 3, y 7. The fund takes the
    /// other 10 at 90 and pays the 50 of debt they leave.
    /// </summary>
    [Fact]
    public void Budgeted_ClosesOnlyWhatCoversTheShortfallAfterTheFund_MinMaxOverWinners()
    {
        var s = new Scenario().Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlRanking = AdlRankingKind.Budgeted })
            .Market("P", "1", "1", "0.05", "0.025")
            .Deposit("long", "100").Deposit("x", "1000").Deposit("y", "3000").Insurance("50")
            .Trade("P", "long", "x", "100", "10").Trade("P", "long", "y", "100", "10");
        var events = s.Mark("P", "90");
        var adl = events.OfType<Deleveraged>().Select(d => (d.Account.Value, d.Quantity.Lots, d.Price.Ticks)).ToArray();
        Assert.Equal([("y", 7L, 95L), ("x", 3L, 95L)], adl);
        var fund = Assert.Single(events.OfType<ClosedOut>());
        Assert.Equal((CloseOutVia.Fund, 10L, 90L), (fund.Via, fund.Quantity.Lots, fund.Price.Ticks));
        Assert.Equal(Money.Zero, s.Ledger.Insurance.Balance);
        Assert.Equal(Money.Zero, s.Ledger.Deficit);
        Assert.Empty(events.OfType<DeficitChanged>());
    }

    /// <summary>Budgeted ADL when the fund covers the whole shortfall: no winner is touched, the fund takes the position.</summary>
    [Fact]
    public void Budgeted_FundCoversTheShortfall_NoAdl()
    {
        var s = new Scenario().Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlRanking = AdlRankingKind.Budgeted })
            .Market("P", "1", "1", "0.05", "0.025")
            .Deposit("long", "100").Deposit("x", "1000").Insurance("500")
            .Trade("P", "long", "x", "100", "20");
        var events = s.Mark("P", "90");
        Assert.Empty(events.OfType<Deleveraged>());
        Assert.Equal(20L, Assert.Single(events.OfType<ClosedOut>()).Quantity.Lots);
    }
}
