using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>The CCP default waterfall: defaulter's resources, skin in the game, mutualised fund, assessments, VMGH.</summary>
public class CcpWaterfallTest
{
    private static EngineConfig Ccp(params WaterfallStageKind[] stages) => EngineConfig.Default with { CloseOut = [], Waterfall = stages };

    /// <summary>
    /// Nasdaq Clearing, Sep 2018 (clarusft.com/default-at-nasdaq-clearing; research notes): a €114M loss beyond the
    /// defaulter's margin was met by €7M of Nasdaq's skin in the game and then about two-thirds of the mutualised
    /// commodities default fund (≈ €107M). Here (in millions) survivors contribute 100 and 60.5 (so 107 is exactly
    /// two-thirds), and pay 107 pro rata: 66.666667 and 40.333333 (largest remainder).
    /// </summary>
    [Fact]
    public void NasdaqClearing2018_SitgThenTwoThirdsOfTheDefaultFund()
    {
        var s = new Scenario()
            .Config(Ccp(WaterfallStageKind.DefaulterMargin, WaterfallStageKind.DefaulterDefaultFund, WaterfallStageKind.Sitg, WaterfallStageKind.SurvivorsDefaultFund))
            .Market("POWER", "1", "1", "0.05", "0.025")
            .Deposit("aas", "10").Deposit("m1", "1000").Deposit("m2", "1000")
            .Trade("POWER", "market", "aas", "100", "1");
        s.Run(new SitgCommand(Money.Parse("7")));
        s.Run(new MemberCommand(new AccountId("m1"), Money.Parse("100")));
        s.Run(new MemberCommand(new AccountId("m2"), Money.Parse("60.5")));
        s.Run(new DefaultCommand(new AccountId("aas")));
        var events = s.Mark("POWER", "224"); // the short of 1 from 100 loses 124: 10 of margin, 114 beyond it

        Assert.Equal(Money.Parse("114"), Assert.Single(events.OfType<BadDebt>()).Amount);
        var used = events.OfType<DefaultFundUsed>().ToList();
        Assert.Equal((WaterfallStageKind.Sitg, (AccountId?)null, Money.Parse("7")), (used[0].Stage, used[0].Contributor, used[0].Amount));
        var survivors = used.Where(u => u.Stage == WaterfallStageKind.SurvivorsDefaultFund).ToDictionary(u => u.Contributor!.Value.Value, u => u.Amount);
        Assert.Equal(Money.Parse("66.666667"), survivors["m1"]);
        Assert.Equal(Money.Parse("40.333333"), survivors["m2"]);
        Assert.Equal(Money.Parse("53.5"), s.Account("m1").DefaultFund + s.Account("m2").DefaultFund); // one third left
        Assert.Equal(Money.Zero, s.Ledger.Deficit);
    }

    /// <summary>
    /// Eurex: assessments are capped at 2 x the default-fund contribution, so a member's liability is at most 3 x
    /// (research notes, Eurex Clearing rules). Two members contributing 10 each face a loss of 100: their funds pay
    /// 20, assessments at most 2 x 10 each = 40, and 40 is left as deficit.
    /// </summary>
    [Fact]
    public void EurexAssessmentCap_LiabilityAtMostThreeTimesTheContribution()
    {
        var s = new Scenario()
            .Config(Ccp(WaterfallStageKind.SurvivorsDefaultFund, WaterfallStageKind.Assessments))
            .Market("F", "1", "1", "0.05", "0.025")
            .Deposit("d", "10").Deposit("m1", "1000").Deposit("m2", "1000")
            .Trade("F", "market", "d", "100", "1");
        s.Run(new MemberCommand(new AccountId("m1"), Money.Parse("10")));
        s.Run(new MemberCommand(new AccountId("m2"), Money.Parse("10")));
        s.Run(new DefaultCommand(new AccountId("d")));
        var events = s.Mark("F", "210");

        Assert.Equal(Money.Parse("100"), Assert.Single(events.OfType<BadDebt>()).Amount);
        Assert.Equal(Money.Parse("20"), new Money(events.OfType<DefaultFundUsed>().Sum(u => u.Amount.Micros)));
        var assessed = events.OfType<ClawedBack>().Where(c => c.Stage == WaterfallStageKind.Assessments).ToList();
        Assert.All(assessed, a => Assert.Equal(Money.Parse("20"), a.Amount));
        Assert.Equal(Money.Parse("40"), s.Ledger.Deficit);
        Assert.Equal(Money.Parse("980"), s.Account("m1").Balance);
    }

    /// <summary>
    /// A cash call never takes more than the member has (else it makes a new bankrupt whose debt comes back to
    /// the others): m1 with 5 of equity pays 5 of its 2 x 10 cap, m2 pays its 20; of the loss of 100, funds 20,
    /// assessments 25, deficit 55.
    /// </summary>
    [Fact]
    public void Assessments_CappedByTheMembersEquity()
    {
        var s = new Scenario()
            .Config(Ccp(WaterfallStageKind.SurvivorsDefaultFund, WaterfallStageKind.Assessments))
            .Market("F", "1", "1", "0.05", "0.025")
            .Deposit("d", "10").Deposit("m1", "5").Deposit("m2", "1000")
            .Trade("F", "market", "d", "100", "1");
        s.Run(new MemberCommand(new AccountId("m1"), Money.Parse("10")));
        s.Run(new MemberCommand(new AccountId("m2"), Money.Parse("10")));
        s.Run(new DefaultCommand(new AccountId("d")));
        var events = s.Mark("F", "210");
        var assessed = events.OfType<ClawedBack>().Where(c => c.Stage == WaterfallStageKind.Assessments).ToDictionary(c => c.Account.Value, c => c.Amount);
        Assert.Equal(Money.Parse("5"), assessed["m1"]);
        Assert.Equal(Money.Parse("20"), assessed["m2"]);
        Assert.Equal(Money.Zero, s.Account("m1").Balance);
        Assert.Equal(Money.Parse("55"), s.Ledger.Deficit);
    }

    /// <summary>
    /// Variation-margin gains haircut (research notes, §7 case 15): loss L = 30; since the default A gained 60 and
    /// B 40 → h = 30 / 100 = 30%; A receives 42, B 28. The defaulter's short of 10 (margin 70) is closed out at the
    /// next mark, 110: its loss of 100 leaves 30.
    /// </summary>
    [Fact]
    public void Vmgh_Example_AReceives42_BReceives28()
    {
        var s = new Scenario()
            .Config(Ccp(WaterfallStageKind.Vmgh))
            .Market("F", "1", "1", "0.05", "0.025")
            .Deposit("d", "70").Deposit("a", "1000").Deposit("b", "1000")
            .Trade("F", "a", "d", "100", "6")
            .Trade("F", "b", "d", "100", "4");
        var declared = s.Run(new DefaultCommand(new AccountId("d")));
        Assert.IsType<Defaulted>(Assert.Single(declared));
        var events = s.Mark("F", "110");

        Assert.Equal(Money.Parse("30"), Assert.Single(events.OfType<BadDebt>()).Amount);
        var haircuts = events.OfType<ClawedBack>().ToDictionary(c => c.Account.Value);
        Assert.Equal((Money.Parse("18"), Money.Parse("60")), (haircuts["a"].Amount, haircuts["a"].Base));
        Assert.Equal((Money.Parse("12"), Money.Parse("40")), (haircuts["b"].Amount, haircuts["b"].Base));
        Assert.Equal(0.3m, haircuts["a"].Rate);
        Assert.Equal(Money.Parse("1042"), Risk.Equity(s.Ledger, s.Account("a"))); // gain 60 − 18 = 42
        Assert.Equal(Money.Parse("1028"), Risk.Equity(s.Ledger, s.Account("b")));
    }

    /// <summary>The defaulter's own contribution pays before anyone else's; a declared default is closed out at the next mark even above maintenance.</summary>
    [Fact]
    public void DefaulterDefaultFund_PaysFirst_AndDefaultClosesOutAtNextMark()
    {
        var s = DefaulterWithFund8AndMemberWithFund50();
        s.Run(new DefaultCommand(new AccountId("d")));
        Assert.Single(s.Mark("F", "100").OfType<Liquidated>()); // no loss yet, closed out anyway
        Assert.True(s.Account("d").QuantityIn(new MarketId("F")).IsZero);

        var rejected = s.Run(new DefaultCommand(new AccountId("d")));
        Assert.Equal(RejectCode.InvalidValue, Assert.IsType<Rejected>(Assert.Single(rejected)).Code);
    }

    [Fact]
    public void DefaulterDefaultFund_CoversBeforeSurvivors()
    {
        var s = DefaulterWithFund8AndMemberWithFund50();
        var events = s.Mark("F", "130"); // loss 30 − margin 10 = 20: 8 from d's fund, 12 from m's
        var used = events.OfType<DefaultFundUsed>().ToList();
        Assert.Equal([("d", 8m), ("m", 12m)], used.Select(u => (u.Contributor!.Value.Value, u.Amount.Micros / 1_000_000m)).ToList());
    }

    /// <summary>
    /// Tear-up (derived from the rule): the defaulter's short of 30 goes to the fund at the next mark (nobody else
    /// takes it); its loss beyond margin is not covered, so tear-up terminates the fund's short against the
    /// surviving longs a (20) and b (10), pro rata to size — 20 and 10 — at the mark, 130. No money moves: the
    /// loss stays as deficit, but the fund holds no position any more.
    /// </summary>
    [Fact]
    public void TearUp_FundsUnmatchedBook_TornUpAgainstSurvivorsAtTheMark()
    {
        var s = new Scenario()
            .Config(Ccp(WaterfallStageKind.TearUp))
            .Market("F", "1", "1", "0.05", "0.025")
            .Deposit("d", "150").Deposit("a", "1000").Deposit("b", "1000")
            .Trade("F", "a", "d", "100", "20")
            .Trade("F", "b", "d", "100", "10");
        s.Run(new DefaultCommand(new AccountId("d")));
        var events = s.Mark("F", "130"); // d: 150 − 30 x 30 = −750

        Assert.Equal(Money.Parse("750"), Assert.Single(events.OfType<BadDebt>()).Amount);
        var torn = events.OfType<ClosedOut>().Where(c => c.Via == CloseOutVia.TearUp).ToDictionary(c => c.Counterparty.Value, c => (c.Quantity.Lots, c.Price.Ticks));
        Assert.Equal((20L, 130L), torn["a"]);
        Assert.Equal((10L, 130L), torn["b"]);
        Assert.False(s.Ledger.Insurance.HasPositions);
        Assert.True(s.Account("a").QuantityIn(new MarketId("F")).IsZero);
        Assert.Equal(Money.Parse("750"), s.Ledger.Deficit);
        Assert.Equal(Money.Parse("1600"), s.Account("a").Balance); // its gain of 600 realized at the mark
    }

    /// <summary>d: short 1 from 100 with 10 of margin and 8 in the default fund; m: 1,000 and 50 in the fund.</summary>
    private static Scenario DefaulterWithFund8AndMemberWithFund50()
    {
        var s = new Scenario()
            .Config(Ccp(WaterfallStageKind.DefaulterDefaultFund, WaterfallStageKind.SurvivorsDefaultFund))
            .Market("F", "1", "1", "0.05", "0.025")
            .Deposit("d", "10").Deposit("m", "1000")
            .Trade("F", "market", "d", "100", "1");
        s.Run(new MemberCommand(new AccountId("d"), Money.Parse("8")));
        s.Run(new MemberCommand(new AccountId("m"), Money.Parse("50")));
        return s;
    }
}
