using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>The loss policies of issue 4, each reproducing a published (or formula-derived) example end to end.</summary>
public class LossPoliciesTest
{
    private static readonly EngineConfig FundTakesAll = EngineConfig.Default with { CloseOut = [] };

    /// <summary>
    /// Chitra, arXiv 2512.01112, worked example: e = (10, 5, 1, −3, −12), c = (2, 1, 0.5, 0, 0) → PnL w = (8, 4, 0.5),
    /// deficit D = 15, θ = ½ → budget 7.5. Pro-rata: h = 0.6, seized (4.8, 2.4, 0.3), e' = (5.2, 2.6, 0.7).
    /// Here one loser leaves bad debt of 14 and the insurance fund pays 6.5, so the clawback budget is the paper's 7.5.
    /// </summary>
    [Fact]
    public void ProRata_ChitraExample_LeavesEquity5_2_2_6_0_7()
    {
        var s = Chitra(ClawbackMethod.ProRata);
        Assert.Equal(["4.8", "2.4", "0.3"], Clawed(s, "w1", "w2", "w3"));
        Assert.Equal(["5.2", "2.6", "0.7"], Equities(s, "w1", "w2", "w3"));
        Assert.All(s.Events.OfType<ClawedBack>(), c => Assert.Equal(0.6m, c.Rate));
    }

    /// <summary>
    /// Min-max on the same example (derived): a_i = min(t x e_i, w_i) with Σ a_i = 7.5. With t ≤ 0.5 no cap binds
    /// (0.5 x 1 = 0.5 = w_3), so 16t = 7.5 → t = 0.46875: seized (4.6875, 2.34375, 0.46875). The largest haircut
    /// as a share of equity falls from pro-rata's 48% (4.8/10, 2.4/5) to 46.875% for everyone.
    /// </summary>
    [Fact]
    public void MinMax_ChitraExample_EqualisesTheShareOfEquity()
    {
        var s = Chitra(ClawbackMethod.MinMax);
        Assert.Equal(["4.6875", "2.34375", "0.46875"], Clawed(s, "w1", "w2", "w3"));
    }

    /// <summary>
    /// Capped pro-rata on the same example with cap 0.5 (derived): U = 12.5, so at most 6.25 can be taken; every
    /// winner gives half its profit (4, 2, 0.25) and the remaining 1.25 becomes deficit.
    /// </summary>
    [Fact]
    public void CappedProRata_CapBelowTheNeededRate_TakesTheCapAndRecordsTheRest()
    {
        var s = Chitra(ClawbackMethod.CappedProRata, cap: "0.5");
        Assert.Equal(["4", "2", "0.25"], Clawed(s, "w1", "w2", "w3"));
        Assert.Equal(Money.Parse("1.25"), s.Ledger.Deficit);
    }

    /// <summary>
    /// Capped pro-rata with per-account binding (derived): cap 0.65 > 0.6 = R/U, so the cap does not bind and the
    /// result equals pro-rata (water-filling reduces to pro-rata when η is below every cap).
    /// </summary>
    [Fact]
    public void CappedProRata_CapAboveTheRate_EqualsProRata()
    {
        var s = Chitra(ClawbackMethod.CappedProRata, cap: "0.65");
        Assert.Equal(["4.8", "2.4", "0.3"], Clawed(s, "w1", "w2", "w3"));
    }

    /// <summary>
    /// Risk-aware pro-rata (Chitra's linear RAP, h_i = min(cap, τ λ_i)), derived: leverage λ = notional / equity =
    /// 32/10, 16/5, 2/1 = 3.2, 3.2, 2; weights w x λ = 25.6, 12.8, 1 (sum 39.4); no cap binds, so 7.5 splits as
    /// 4.873096.., 2.436548.., 0.190355.. → in micro-units by largest remainder (4.873097, 2.436548, 0.190355).
    /// The low-leverage winner pays less than under pro-rata (0.3), the leveraged ones more.
    /// </summary>
    [Fact]
    public void RiskAware_ChitraExample_ChargesTheLeveragedMore()
    {
        var s = Chitra(ClawbackMethod.RiskAware);
        Assert.Equal(["4.873097", "2.436548", "0.190355"], Clawed(s, "w1", "w2", "w3"));
    }

    private static Scenario Chitra(ClawbackMethod method, string cap = "1")
    {
        // Winners short 16, 8 and 1 units sold at 2.5 with collateral 2, 1 and 0.5: marked at 2 their PnL is
        // 8, 4 and 0.5 and their equity 10, 5 and 1, as in the paper. The loser bought those 25 and 5 more from
        // the market at 2.5 with 1 of collateral: at mark 2 the fund takes its 30 over and its balance is −14;
        // the fund pays 6.5, which leaves the paper's budget of 7.5 to the clawback.
        var s = new Scenario()
            .Config(FundTakesAll with
            {
                Waterfall = [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback],
                ClawbackMethod = method,
                ClawbackCap = Rate.Parse(cap),
            })
            .Market("P", "0.5", "1", "0.01", "0.005")
            .Insurance("6.5")
            .Deposit("w1", "2").Deposit("w2", "1").Deposit("w3", "0.5").Deposit("loser", "1")
            .Trade("P", "loser", "w1", "2.5", "16")
            .Trade("P", "loser", "w2", "2.5", "8")
            .Trade("P", "loser", "w3", "2.5", "1")
            .Trade("P", "loser", "market", "2.5", "5");
        var events = s.Mark("P", "2");
        Assert.Equal(Money.Parse("14"), Assert.Single(events.OfType<BadDebt>()).Amount);
        return s;
    }

    private static string[] Clawed(Scenario s, params string[] ids) =>
        ids.Select(id => new Money(s.Events.OfType<ClawedBack>().Where(c => c.Account.Value == id).Sum(c => c.Amount.Micros)).ToString()).ToArray();

    private static string[] Equities(Scenario s, params string[] ids) =>
        ids.Select(id => Risk.Equity(s.Ledger, s.Account(id)).ToString()).ToArray();
}
