using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>Open-interest and deposit-index socialization, period clawback and the withdrawal haircut.</summary>
public class SocializationStagesTest
{
    private static EngineConfig FundThen(params WaterfallStageKind[] stages) =>
        EngineConfig.Default with { CloseOut = [], Waterfall = [WaterfallStageKind.Insurance, .. stages] };

    /// <summary>
    /// Drift v2 (drift-labs/protocol-v2 controller/liquidation tests, resolve_perp_bankruptcy): a −100 loss with
    /// 5 long and 5 short open → each side pays 50. Here x bought 10 at 100 with 200 and is marked to 70: balance
    /// −100 after the fund takes the position; the fund is empty; l (long 5) and s (short 5) pay 50 each.
    /// </summary>
    [Fact]
    public void OpenInterest_DriftExample_EachSidePays50()
    {
        var s = new Scenario().Config(FundThen(WaterfallStageKind.OpenInterest)).Market("P", "1", "1", "0.1", "0.05")
            .Deposit("x", "200").Deposit("l", "1000").Deposit("s", "1000")
            .Trade("P", "x", "market", "100", "10")
            .Trade("P", "l", "s", "100", "5");
        var events = s.Mark("P", "70");
        Assert.Equal(Money.Parse("100"), Assert.Single(events.OfType<BadDebt>()).Amount);
        var charges = events.OfType<ClawedBack>().ToDictionary(c => c.Account.Value);
        Assert.Equal(Money.Parse("50"), charges["l"].Amount);
        Assert.Equal(Money.Parse("50"), charges["s"].Amount);
        Assert.All(charges.Values, c => Assert.Equal(WaterfallStageKind.OpenInterest, c.Stage));
        Assert.Equal(Money.Zero, s.Ledger.Deficit);
    }

    /// <summary>
    /// Drift spot bankruptcy / Mango token bankruptcy: a loss of 100 over deposits of 1,000 → the deposit index goes
    /// 1.0 → 0.9 and deposits → 900. Here a (600) and b (400) hold cash only and lose 60 and 40.
    /// </summary>
    [Fact]
    public void DepositIndex_DriftExample_IndexPoint9()
    {
        var s = new Scenario().Config(FundThen(WaterfallStageKind.DepositIndex)).Market("P", "1", "1", "0.1", "0.05")
            .Deposit("x", "200").Deposit("a", "600").Deposit("b", "400")
            .Trade("P", "x", "market", "100", "10");
        var events = s.Mark("P", "70");
        var charges = events.OfType<ClawedBack>().ToDictionary(c => c.Account.Value);
        Assert.Equal(Money.Parse("60"), charges["a"].Amount);
        Assert.Equal(Money.Parse("40"), charges["b"].Amount);
        Assert.Equal(0.1m, charges["a"].Rate);
        Assert.Equal(Money.Parse("900"), s.Account("a").Balance + s.Account("b").Balance);
    }

    /// <summary>
    /// 58COIN's weekly apportionment (https://58coin-support.zendesk.com/hc/en-us/articles/360015587494): a loss of
    /// 10,000, 8,000 left after the fund, winners' profits 40,000,000 → coefficient 1/5,000; a 1,000 profit pays 0.2.
    /// End to end with realized profit: after a settle, a makes 1,000 and b 39,999,000 on round trips; x loses
    /// 10,000; the fund holds 2,000. The base is period profit, realized included.
    /// </summary>
    [Fact]
    public void PeriodProfit_58CoinExample_Coefficient1Over5000()
    {
        var s = new Scenario()
            .Config(FundThen(WaterfallStageKind.Clawback) with { ClawbackBase = ClawbackBase.PeriodProfit })
            .Market("P", "1", "1", "0.1", "0.05")
            .Insurance("2000")
            .Deposit("a", "1000").Deposit("b", "4000000").Deposit("x", "10000");
        s.Run(new SettleCommand());
        s.Trade("P", "a", "market", "1000", "1").Trade("P", "b", "market", "1000", "39999");
        s.Trade("P", "market", "a", "2000", "1").Trade("P", "market", "b", "2000", "39999");
        s.Mark("P", "2000");
        s.Trade("P", "x", "market", "2000", "50");
        var events = s.Mark("P", "1600");
        Assert.Equal(Money.Parse("10000"), Assert.Single(events.OfType<BadDebt>()).Amount);
        var charges = events.OfType<ClawedBack>().ToDictionary(c => c.Account.Value);
        Assert.Equal(Money.Parse("0.2"), charges["a"].Amount);
        Assert.Equal(Money.Parse("7999.8"), charges["b"].Amount);
        Assert.Equal(1m / 5000m, charges["a"].Rate);
        Assert.Equal(Money.Parse("1000"), charges["a"].Base);
    }

    /// <summary>A settle starts a new period: profit made before it is not in the base any more.</summary>
    [Fact]
    public void PeriodProfit_AfterSettle_EarlierProfitIsNotCharged()
    {
        var s = new Scenario()
            .Config(FundThen(WaterfallStageKind.Clawback) with { ClawbackBase = ClawbackBase.PeriodProfit })
            .Market("P", "1", "1", "0.1", "0.05")
            .Deposit("a", "1000").Deposit("x", "10000");
        s.Trade("P", "a", "market", "1000", "1").Trade("P", "market", "a", "2000", "1");
        s.Run(new SettleCommand());
        s.Mark("P", "2000");
        s.Trade("P", "x", "market", "2000", "50");
        var events = s.Mark("P", "1600");
        Assert.Empty(events.OfType<ClawedBack>());
        Assert.Equal(Money.Parse("10000"), s.Ledger.Deficit);
    }

    /// <summary>
    /// Paradex (https://docs.paradex.trade/risk/socialized-losses): fund 1,000; Alice, Bob, Charlie 1,000 each;
    /// Alice long 50 @ 100 against Bob; mark 40 → Alice −2,000, exchange bankruptcy 1,000 after the fund, factor
    /// 1,000 / 4,000 = 25%; Charlie withdraws 500 → the fund gets 125, Charlie 375.
    /// </summary>
    [Fact]
    public void WithdrawalHaircut_ParadexExample_125Of500()
    {
        var s = new Scenario()
            .Config(FundThen() with { WithdrawalHaircut = true })
            .Market("P", "1", "1", "0.1", "0.05")
            .Insurance("1000")
            .Deposit("alice", "1000").Deposit("bob", "1000").Deposit("charlie", "1000")
            .Trade("P", "alice", "bob", "100", "50");
        s.Mark("P", "40");
        Assert.Equal(Money.Parse("1000"), s.Ledger.Deficit);
        var events = s.Run(new WithdrawCommand(new AccountId("charlie"), Money.Parse("500")));
        var w = Assert.IsType<Withdrawn>(events[0]);
        Assert.Equal(Money.Parse("125"), w.Haircut);
        var fund = Assert.IsType<InsuranceFundChanged>(events[1]);
        Assert.Equal((Money.Parse("125"), FundReason.WithdrawalHaircut), (fund.Change, fund.Reason));
        Assert.Equal(Money.Parse("500"), s.Account("charlie").Balance);
        Assert.Equal(Money.Parse("3625"), s.Ledger.NetDeposits); // 4,000 in, 375 paid out
    }
}
