using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>Insurance fund rules: BitMEX's close-out surplus to the fund, and OKX's drawdown trigger for ADL.</summary>
public class InsuranceFundRulesTest
{
    /// <summary>
    /// BitMEX (https://www.bitmex.com/app/liquidation): the liquidated trader is settled at the bankruptcy price
    /// and "if the liquidation is filled better than the bankruptcy price, the excess goes to the insurance fund".
    /// Derived: long 10 @ 100 with 100; mark 94.5 (equity 45 &lt; maintenance 47.25); the bid 10 @ 95 is better
    /// than the bankruptcy price 90: the account ends with 50, which goes to the fund.
    /// </summary>
    [Theory]
    [InlineData(SurplusRecipient.Fund, "0", "50")]
    [InlineData(SurplusRecipient.Trader, "50", "0")]
    public void CloseoutSurplus_FillBetterThanBankruptcy_GoesWhereConfigured(SurplusRecipient recipient, string trader, string fund)
    {
        var s = new Scenario()
            .Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Book], CloseoutSurplus = recipient })
            .Market("P", "0.5", "1", "0.1", "0.05")
            .Deposit("long", "100")
            .Trade("P", "long", "market", "100", "10")
            .Book("P", [("95", "10")], []);
        var events = s.Mark("P", "94.5");
        Assert.Equal(new Price(180), Assert.Single(events.OfType<Liquidated>()).BankruptcyPrice); // 90 in ticks of 0.5
        Assert.Equal(Money.Parse(trader), s.Account("long").Balance);
        Assert.Equal(Money.Parse(fund), s.Ledger.Insurance.Balance);
        if (recipient == SurplusRecipient.Fund)
            Assert.Equal(FundReason.CloseoutSurplus, Assert.Single(events.OfType<InsuranceFundChanged>()).Reason);
    }

    /// <summary>
    /// OKX's volatility threshold (research notes, OKX "Introduction to auto-deleveraging"): 8-hour average of the
    /// fund 400K → threshold 400K − max(30% x 400K, 50K) = 280K; a fund of 200K triggers ADL even though it could
    /// still pay. Here the average is over the last 4 marks (all at 400K). At mark 700, x1 (long 1,000 from 1,000
    /// with 100K) is −200K: the fund (400K) absorbs it and falls to 200K; x2 (long 100 with 20K, −10K) comes next:
    /// the fund could pay 10K, but 200K &lt; 280K, so x2 is deleveraged against the short w.
    /// </summary>
    [Fact]
    public void OkxTrigger_FundBelowThresholdOfItsAverage_AdlEvenThoughTheFundCouldPay()
    {
        var s = new Scenario()
            .Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlTrigger = AdlTrigger.Okx, AdlWindow = 4 })
            .Market("P", "1", "1", "0.1", "0.05")
            .Insurance("400000")
            .Deposit("x1", "100000").Deposit("x2", "20000").Deposit("w", "1000000")
            .Trade("P", "x1", "w", "1000", "1000")
            .Trade("P", "x2", "w", "1000", "100");
        for (int i = 0; i < 3; i++)
            Assert.Empty(s.Mark("P", "1000").OfType<Liquidated>());
        var events = s.Mark("P", "700");

        var x1 = events.OfType<ClosedOut>().Where(c => c.Account.Value == "x1").ToList();
        Assert.Equal(CloseOutVia.Fund, Assert.Single(x1).Via);
        Assert.Equal(Money.Parse("200000"), -events.OfType<InsuranceFundChanged>().Single(f => f.Account?.Value == "x1" && f.Reason == FundReason.BadDebt).Change);
        var adl = Assert.Single(events.OfType<Deleveraged>());
        Assert.Equal(("w", "x2", 100L), (adl.Account.Value, adl.Counterparty.Value, adl.Quantity.Lots));
    }

    /// <summary>The same crash under <c>fund-depleted</c>: the fund can pay x2's 10K, so nobody is deleveraged.</summary>
    [Fact]
    public void FundDepletedTrigger_FundCanPay_NoAdl()
    {
        var s = new Scenario()
            .Config(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlTrigger = AdlTrigger.FundDepleted })
            .Market("P", "1", "1", "0.1", "0.05")
            .Insurance("400000")
            .Deposit("x1", "100000").Deposit("x2", "20000").Deposit("w", "1000000")
            .Trade("P", "x1", "w", "1000", "1000")
            .Trade("P", "x2", "w", "1000", "100");
        var events = s.Mark("P", "700");
        Assert.Empty(events.OfType<Deleveraged>());
        Assert.Equal(Money.Parse("190000"), s.Ledger.Insurance.Balance);
    }
}
