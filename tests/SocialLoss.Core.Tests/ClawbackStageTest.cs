using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;
using SocialLoss.Core.Waterfall;

namespace SocialLoss.Core.Tests;

/// <summary>The pro-rata clawback stage of the loss waterfall, end to end through the engine.</summary>
public sealed class ClawbackStageTest
{
    private static readonly WaterfallStageKind[] InsuranceThenClawback = [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback];

    /// <summary>
    /// Market P: tick 1, lot 1, IM 10%, MM 5%. "loser" deposits <paramref name="loserCollateral"/> and sells 100 at
    /// 100 to the book account; at mark 200 it is liquidated into an ask of 100 @ 210:
    /// balance = collateral + 100 x (100 − 210) = collateral − 11,000.
    /// </summary>
    private static EngineBuilder LoserShort100(WaterfallStageKind[] waterfall, string loserCollateral = "1000") =>
        new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Book], waterfall: waterfall)
            .Market("P", 1m, 1m, "0.1", "0.05")
            .Deposit("loser", loserCollateral)
            .Trade("P", "market", "loser", 100m, 100m)
            .Book("P", [], [(210m, 100m)]);

    [Fact]
    public void Absorb_CryptoComExampleB_WinnersShareTenThousandProRataToTheMicroUnit()
    {
        // Crypto.com Exchange socialised loss, example B (https://help.crypto.com/en/articles/4894442-insurance-fund-and-socialised-loss-mechanism,
        // older page version, quoted in /work/notes/research-findings.md Q5a): profits 50,000 / 45,000 / 30,000 /
        // 30,000 / 15,000 / 1,000 share a 10,000 loss: 2,923.98 / 2,631.58 / 1,754.39 / 1,754.39 / 877.19 / 58.48.
        // Here: winners A–F buy 500 / 450 / 300 / 300 / 150 / 10 at 100 and the mark goes to 200, so their
        // unrealized profits are exactly those figures; the loser's bad debt is 1,000 − 11,000 = −10,000; the fund is empty.
        var b = LoserShort100(InsuranceThenClawback);
        var winners = new (string Id, int Units)[] { ("A", 500), ("B", 450), ("C", 300), ("D", 300), ("E", 150), ("F", 10) };
        foreach (var (id, units) in winners)
            b.Deposit(id, (20 * units).ToString(System.Globalization.CultureInfo.InvariantCulture)).Trade("P", id, "market", 100m, units);

        b.Mark("P", 200m);

        Assert.Equal(Money.FromUnits(10_000), Assert.Single(b.LastOf<BadDebt>()).Amount);
        var claws = b.LastOf<ClawedBack>();
        // Exact shares 10,000 x profit / 171,000 in micro-units, largest remainder (see LargestRemainderTest):
        long[] expected = [2_923_976_608, 2_631_578_947, 1_754_385_965, 1_754_385_965, 877_192_983, 58_479_532];
        string[] published = ["2923.98", "2631.58", "1754.39", "1754.39", "877.19", "58.48"];
        Assert.Equal(winners.Select(w => w.Id), claws.Select(c => c.Account.Value));
        for (int i = 0; i < winners.Length; i++)
        {
            Assert.Equal(expected[i], claws[i].Amount.Micros);
            Assert.InRange(Math.Abs(claws[i].Amount.Micros - Money.Parse(published[i]).Micros), 0, 10_000); // within 0.01
            Assert.Equal(Money.FromUnits(100L * winners[i].Units), claws[i].Base);
            Assert.Equal(EngineBuilder.Id("loser"), claws[i].Bankrupt);
            Assert.Equal(10_000m / 171_000m, claws[i].Rate);
        }

        Assert.Equal(10_000_000_000L, claws.Sum(c => c.Amount.Micros));           // exactly, not 10,000.01
        Assert.Empty(b.LastOf<DeficitChanged>());
        Assert.Empty(b.LastOf<InsuranceFundChanged>());                            // the fund had nothing to pay
        Assert.Equal(Money.Zero, b.Balance("loser"));
        // A's balance: 10,000 − 2,923.976608; its equity 10,000 + 50,000 − 2,923.976608
        Assert.Equal(Money.Parse("7076.023392"), b.Balance("A"));
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Absorb_58CoinExample_FundFirstThenCoefficientOneFiveThousandth()
    {
        // 58COIN (https://58coin-support.zendesk.com/hc/en-us/articles/360015587494): "total loss ... -10,000 USDT ...
        // still a loss of -8,000 USDT" after the insurance fund; "total profit of gainers is 40,000,000 USDT, the
        // apportionment coefficient is 8,000 USDT /40,000,000 USDT = 1:5,000 ... 1,000* (1/5,000) = 0.2 USDT".
        // Here: fund 2,000; bad debt 10,000 (as above); winners "small" (10 units, profit 1,000) and "whale"
        // (399,990 units, profit 39,999,000) bought at 100, mark 200.
        var b = LoserShort100(InsuranceThenClawback)
            .TopUp("2000")
            .Deposit("small", "100")
            .Deposit("whale", "3999900")
            .Trade("P", "small", "market", 100m, 10m)
            .Trade("P", "whale", "market", 100m, 399_990m);

        b.Mark("P", 200m);

        var fund = Assert.Single(b.LastOf<InsuranceFundChanged>());
        Assert.Equal((Money.FromUnits(-2000), FundReason.BadDebt), (fund.Change, fund.Reason));
        var claws = b.LastOf<ClawedBack>().ToDictionary(c => c.Account.Value);
        Assert.Equal(Money.Parse("0.2"), claws["small"].Amount);
        Assert.Equal(Money.Parse("7999.8"), claws["whale"].Amount);                 // 39,999,000 / 5,000
        Assert.Equal(1m / 5_000m, claws["small"].Rate);
        Assert.Empty(b.LastOf<DeficitChanged>());
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Absorb_ChitraProRataExample_SeizesPointSixAndLeavesEquities52_26_07()
    {
        // Chitra, "Autodeleveraging: Impossibilities and Optimization", arXiv 2512.01112 (worked example, quoted in
        // /work/shared/research/venues-ccps-papers.md §4.1): e = (10, 5, 1, −3, −12), c = (2, 1, 0.5, 0, 0),
        // PNL = w = (8, 4, 0.5, ...), D = 15, U = 12.5, θ = ½ → budget 7.5; pro-rata h = 0.6, seized (4.8, 2.4, 0.3),
        // e' = (5.2, 2.6, 0.7, −3, −12).
        // Mapping: the budget θD = 7.5 is what the clawback must cover, the other (1 − θ)D = 7.5 is covered by the
        // insurance fund (topped up with 7.5) ahead of it. Winners 1–3 post c and buy w units at 1, mark 2, so their
        // profits are w and equities c + w. The engine cannot open positions with zero collateral, so the losers post
        // 1 and 4 and sell 4 and 16 at 1: at 2 their equities are 1 − 4 = −3 and 4 − 16 = −12 as in the paper.
        // Tick 0.01, lot 0.01, IM 25% (1 x 8 x 25% = 2 = c₁), MM 10%.
        var b = new EngineBuilder()
            .Configure(closeOut: [CloseOutStage.Book], waterfall: InsuranceThenClawback)
            .Market("C", 0.01m, 0.01m, "0.25", "0.1")
            .TopUp("7.5");
        foreach (var (id, c, w) in new[] { ("acct1", "2", 8m), ("acct2", "1", 4m), ("acct3", "0.5", 0.5m) })
            b.Deposit(id, c).Trade("C", id, "market", 1m, w);
        foreach (var (id, c, q) in new[] { ("acct4", "1", 4m), ("acct5", "4", 16m) })
            b.Deposit(id, c).Trade("C", "market", id, 1m, q);
        b.Book("C", [], [(2m, 20m)]);

        b.Mark("C", 2m);

        // acct4 first (account order): bad debt 3, all paid by the fund (7.5 → 4.5); acct5: bad debt 12, the fund pays
        // its last 4.5 and the clawback the remaining 7.5 = θD.
        Assert.Equal([("acct4", 3_000_000L), ("acct5", 12_000_000L)], b.LastOf<BadDebt>().Select(d => (d.Account.Value, d.Amount.Micros)));
        Assert.Equal([-3_000_000L, -4_500_000L], b.LastOf<InsuranceFundChanged>().Select(f => f.Change.Micros));
        var claws = b.LastOf<ClawedBack>();
        Assert.Equal([("acct1", 4_800_000L), ("acct2", 2_400_000L), ("acct3", 300_000L)], claws.Select(c => (c.Account.Value, c.Amount.Micros)));
        Assert.All(claws, c => Assert.Equal(0.6m, c.Rate));
        Assert.Equal([Money.Parse("5.2"), Money.Parse("2.6"), Money.Parse("0.7")], new[] { "acct1", "acct2", "acct3" }.Select(b.Equity));
        Assert.Empty(b.LastOf<DeficitChanged>());
        Assert.Null(Invariants.Check(b.Ledger));
    }

    /// <summary>
    /// "loser" short 100 at 100 with <paramref name="loserCollateral"/>; at mark 200 the fund takes it at mark
    /// (no rungs): bad debt = 10,000 − collateral. Around it: "winner" long 1 at 100 (profit 100), "vault" the
    /// same but a backstop, "hedged" short 1 at 100 (a loss of 100), "idle" with cash only.
    /// </summary>
    private static EngineBuilder Bystanders(WaterfallStageKind[] waterfall, string loserCollateral, string fund = "0")
    {
        var b = new EngineBuilder()
            .Configure(closeOut: [], waterfall: waterfall)
            .Market("P", 1m, 1m, "0.1", "0.05")
            .Deposit("loser", loserCollateral)
            .Trade("P", "market", "loser", 100m, 100m)
            .Deposit("winner", "100").Trade("P", "winner", "market", 100m, 1m)
            .Deposit("vault", "100").Trade("P", "vault", "market", 100m, 1m).Backstop("vault")
            .Deposit("hedged", "1000").Trade("P", "market", "hedged", 100m, 1m)
            .Deposit("idle", "500");
        if (fund != "0")
            b.TopUp(fund);
        return b.Mark("P", 200m);
    }

    [Fact]
    public void Absorb_OnlyMarginedWinnersPay_BackstopsLosersIdleAndBuiltInsPayNothing()
    {
        // bad debt 10,000 − 9,950 = 50; the only base is the winner's 100 → it pays 50 at rate 0.5
        var b = Bystanders([WaterfallStageKind.Clawback], "9950");
        var claw = Assert.Single(b.LastOf<ClawedBack>());
        Assert.Equal(("winner", 50_000_000L, 100_000_000L, 0.5m), (claw.Account.Value, claw.Amount.Micros, claw.Base.Micros, claw.Rate));
        Assert.Equal(Money.FromUnits(500), b.Balance("idle"));
        Assert.Equal(Money.FromUnits(100), b.Balance("vault"));
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Absorb_DebtAboveAllProfit_TakesEveryBaseWholeAndRestIsDeficit()
    {
        // bad debt 10,000 − 9,800 = 200 > the winner's base 100: it pays 100 (rate 1), 100 becomes deficit
        var b = Bystanders([WaterfallStageKind.Clawback], "9800");
        var claw = Assert.Single(b.LastOf<ClawedBack>());
        Assert.Equal((100_000_000L, 1m), (claw.Amount.Micros, claw.Rate));
        var deficit = Assert.Single(b.LastOf<DeficitChanged>());
        Assert.Equal((Money.FromUnits(100), Money.FromUnits(100)), (deficit.Change, deficit.Total));
        Assert.Equal(Money.FromUnits(100), b.Ledger.Deficit);
        Assert.Equal(Money.Zero, b.Balance("loser"));
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Absorb_ClawbackBeforeInsurance_WinnersPayFirstFundUntouched()
    {
        var b = Bystanders([WaterfallStageKind.Clawback, WaterfallStageKind.Insurance], "9950", fund: "1000");
        Assert.Equal(50_000_000L, Assert.Single(b.LastOf<ClawedBack>()).Amount.Micros);
        Assert.Empty(b.LastOf<InsuranceFundChanged>());
        Assert.Equal(Money.FromUnits(1000), b.Ledger.Insurance.Balance);
    }

    [Fact]
    public void Absorb_InsuranceCoversAll_NoWinnerCharged()
    {
        var b = Bystanders(InsuranceThenClawback, "9950", fund: "1000");
        Assert.Empty(b.LastOf<ClawedBack>());
        Assert.Equal(Money.FromUnits(950), b.Ledger.Insurance.Balance);
    }

    [Fact]
    public void Base_IsPositiveUnrealizedPnlAcrossMarkets()
    {
        var b = Bystanders([WaterfallStageKind.Clawback], "10000");   // no bad debt at all
        Assert.Empty(b.LastOf<BadDebt>());
        Assert.Equal(Money.FromUnits(100), ClawbackStage.Base(b.Ledger, b.Account("winner"), ClawbackBase.UnrealizedPnl));
        Assert.Equal(Money.Zero, ClawbackStage.Base(b.Ledger, b.Account("hedged"), ClawbackBase.UnrealizedPnl));   // −100 → 0
        Assert.Equal(Money.Zero, ClawbackStage.Base(b.Ledger, b.Account("idle"), ClawbackBase.UnrealizedPnl));
    }
}
