using SocialLoss.Contract;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract.Tests;

/// <summary>The one loss attribution, on crashes small enough to compute by hand.</summary>
public class LossAttributionTest
{
    private static (LossSummary Summary, Replay Replay) Run(string jsonl)
    {
        var replay = new Replay(collectEvents: true);
        Assert.Equal(ReplayOutcome.Completed, replay.Run(new StringReader(jsonl), null));
        var attribution = new LossAttribution();
        attribution.Observe(replay.Events);
        return (attribution.Summarize(replay.Engine.Ledger), replay);
    }

    /// <summary>
    /// l buys 10 at 100 with 100 (5 from each of w1, w2); the mark falls to 85: l's equity is −50, its bankruptcy price
    /// 90. ADL (size ranking, bankruptcy price) closes w1's and w2's shorts of 5 at 90, 5 above the mark: each gives up
    /// 5 x 5 = 25 against the mark (socialized 50 = the shortfall, so no overshoot). w1 ends with 1,000 + 5 x 10 = 1,050,
    /// so its haircut is 25 / (1,050 + 25) of what it would have had; each fill closed a whole position (share 1).
    /// </summary>
    [Fact]
    public void Adl_AtBankruptcyPrice_ChargesTheWinnersTheGapToTheMark()
    {
        var (s, _) = Run("""
            {"type":"config","closeout":["adl"],"adl":{"ranking":"size","price":"bankruptcy"},"waterfall":["insurance","clawback"]}
            {"type":"market","market":"P","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05"}
            {"type":"deposit","account":"l","amount":"100"}
            {"type":"deposit","account":"w1","amount":"1000"}
            {"type":"deposit","account":"w2","amount":"1000"}
            {"type":"trade","market":"P","buyer":"l","seller":"w1","price":"100","quantity":"5"}
            {"type":"trade","market":"P","buyer":"l","seller":"w2","price":"100","quantity":"5"}
            {"type":"mark","market":"P","price":"85"}
            """);
        Assert.Equal((1, 2, 2, 2), (s.Liquidations, s.AdlFills, s.AdlAccounts, s.AccountsHit));
        Assert.Equal(Money.Parse("50"), s.AdlLossVsMark);
        Assert.Equal(Money.Parse("50"), s.Socialized);
        Assert.Equal(Money.Zero, s.BadDebt);
        Assert.Equal(Money.Zero, s.Overshoot);
        Assert.Equal(Money.Parse("900"), s.AdlNotional); // 10 lots at 90
        Assert.Equal(Money.Parse("850"), s.LiquidatedNotional);
        Assert.Equal(25.0 / 1075, s.LargestHaircutShare, 12);
        Assert.Equal(1.0, s.LargestPositionShareClosed);
        Assert.Equal(0.0, s.HaircutGini);
        Assert.Equal(0.5, s.Top1PercentShare); // one payer of two
        Assert.Equal(Money.Parse("100"), s.WinnersPnlKept);
        Assert.Empty(s.Bankruptcies);
    }

    /// <summary>
    /// The same crash with the book closing l at 80 (the mark is 85): l's balance ends 100 − 200 = −100 of bad debt; the
    /// fund (30) pays 30, the pro-rata clawback takes the other 70 from the winners' profit of 75 each (mark 85, shorts
    /// from 100), 35 each; nothing is left as deficit. Overshoot: socialized 70 = shortfall 100 − fund 30.
    /// </summary>
    [Fact]
    public void Clawback_AfterTheFund_AttributesEachStage()
    {
        var (s, _) = Run("""
            {"type":"config","closeout":["book"],"waterfall":["insurance","clawback"]}
            {"type":"market","market":"P","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05"}
            {"type":"insurance","amount":"30"}
            {"type":"deposit","account":"l","amount":"100"}
            {"type":"deposit","account":"w1","amount":"1000"}
            {"type":"deposit","account":"w2","amount":"1000"}
            {"type":"trade","market":"P","buyer":"l","seller":"w1","price":"100","quantity":"5"}
            {"type":"trade","market":"P","buyer":"l","seller":"w2","price":"100","quantity":"5"}
            {"type":"book","market":"P","bids":[["80","10"]],"asks":[]}
            {"type":"mark","market":"P","price":"85"}
            """);
        Assert.Equal(Money.Parse("100"), s.BadDebt);
        Assert.Equal(Money.Parse("30"), s.FundUsed);
        Assert.Equal(Money.Parse("70"), s.Clawbacks);
        Assert.Equal(Money.Parse("70"), s.Socialized);
        Assert.Equal(Money.Zero, s.Overshoot);
        Assert.Equal(Money.Parse("800"), s.BookNotional);
        var b = Assert.Single(s.Bankruptcies);
        Assert.Equal(("l", Money.Parse("100"), Money.Parse("30"), Money.Parse("70"), Money.Zero), (b.Account.Value, b.BadDebt, b.Fund, b.Socialized, b.Deficit));
        Assert.Equal(new Dictionary<string, Money> { ["w1"] = Money.Parse("35"), ["w2"] = Money.Parse("35") }, s.Haircuts);
        Assert.Equal(0.0, s.LargestPositionShareClosed);
    }
}
