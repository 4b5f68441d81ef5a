using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

public sealed class MarginScheduleTest
{
    /// <summary>
    /// Binance COIN-M BTCUSD brackets before the April 2021 adjustment, in BTC (the settlement asset):
    /// floors 0/10/20/30/50/100/200/400/1,000; MMR 0.4/0.5/1/2.5/5/10/12.5/15/25%; IMR 2/3.33/4/5/10/20/25/33.33/50%.
    /// Source: Binance announcement "Updates to Maintenance Margin of BTCUSD/ETHUSD Quarterly 0625",
    /// https://www.binance.com/en/support/announcement/9c6a1766be424fccacd2549db3d61a3f ("before adjustment"
    /// column), quoted in /work/notes/research-findings.md Q1. Tier i's MaxNotional is the next floor; the
    /// open-ended bracket above 1,000 is the schedule's flat rates (25% MM, 50% IM).
    /// </summary>
    private static MarginSchedule BinanceCoinMBtcUsd() => new(
        [
            Specs.Tier("10", "0.02", "0.004"),
            Specs.Tier("20", "0.0333", "0.005"),
            Specs.Tier("30", "0.04", "0.01"),
            Specs.Tier("50", "0.05", "0.025"),
            Specs.Tier("100", "0.1", "0.05"),
            Specs.Tier("200", "0.2", "0.1"),
            Specs.Tier("400", "0.25", "0.125"),
            Specs.Tier("1000", "0.3333", "0.15"),
        ],
        Rate.Parse("0.5"), Rate.Parse("0.25"));

    [Fact]
    public void MaintenanceAmount_BinanceCoinMLevels4And5And7_MatchPublishedCum()
    {
        // Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts" (2021-02-05 version,
        // https://www.binance.com/es/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46):
        // "the BTCUSD Maintenance Amount on Level 5 = 50 BTC * (5% -2.5%) + 0.56 BTC = 1.81 BTC" and
        // "if the position of BTCUSD Contract is 300BTC, then the maintenance amount would be 11.81 BTC".
        // Level 4 = 10 x 0.1% + 20 x 0.5% + 30 x 1.5% = 0.56 (derived in research-findings.md Q1).
        var s = BinanceCoinMBtcUsd();
        Assert.Equal(Money.Parse("0.56"), s.MaintenanceAmount(3));  // level 4 is bracket index 3
        Assert.Equal(Money.Parse("1.81"), s.MaintenanceAmount(4));  // level 5
        Assert.Equal(Money.Parse("11.81"), s.MaintenanceAmount(6)); // level 7
    }

    [Fact]
    public void MaintenanceAmount_BinanceCoinMLadder_MatchesDerivedTable()
    {
        // research-findings.md Q1, "cum (before)" column: 0, 0.01, 0.11, 0.56, 1.81, 6.81, 11.81, 21.81, 121.81
        // (cum_n = floor_n x (mmr_n − mmr_{n−1}) + cum_{n−1}; the last row is the flat 25% above 1,000).
        var s = BinanceCoinMBtcUsd();
        string[] expected = ["0", "0.01", "0.11", "0.56", "1.81", "6.81", "11.81", "21.81", "121.81"];
        Assert.Equal(expected.Length, s.BracketCount);
        for (int b = 0; b < expected.Length; b++)
        {
            Assert.Equal(Money.Parse(expected[b]), s.MaintenanceAmount(b));
            // exact: the scaled cum is a whole number of micro-units here
            Assert.Equal((Int128)Money.Parse(expected[b]).Micros * Rate.Scale, s.MaintenanceAmountScaled(b));
        }
    }

    [Fact]
    public void Maintenance_ThreeHundredBtc_IsNotionalTimesRateMinusCum()
    {
        // FAQ: 300 BTC is in the 12.5% bracket with maintenance amount 11.81 →
        // MM = 300 x 12.5% − 11.81 = 37.5 − 11.81 = 25.69 (derived).
        var s = BinanceCoinMBtcUsd();
        Assert.Equal(6, s.BracketOf(Money.Parse("300")));
        Assert.Equal(Rate.Parse("0.125"), s.MaintenanceRate(6));
        Assert.Equal(Money.Parse("25.69"), s.Maintenance(Money.Parse("300")));
    }

    [Fact]
    public void Maintenance_AcrossBracketBoundary_IsContinuous()
    {
        // At the boundary 50: bracket 3 gives 50 x 2.5% − 0.56 = 0.69; bracket 4 (just above) gives
        // 50.000001 x 5% − 1.81 = 0.69000005 → rounded up to 0.690001.
        var s = BinanceCoinMBtcUsd();
        Assert.Equal(3, s.BracketOf(Money.Parse("50")));
        Assert.Equal(4, s.BracketOf(Money.Parse("50.000001")));
        Assert.Equal(Money.Parse("0.69"), s.Maintenance(Money.Parse("50")));
        Assert.Equal(Money.Parse("0.690001"), s.Maintenance(Money.Parse("50.000001")));
    }

    [Fact]
    public void BracketOf_AboveLastTier_IsOpenEndedFlatBracket()
    {
        var s = BinanceCoinMBtcUsd();
        Assert.Equal(8, s.BracketOf(Money.Parse("1000.000001")));
        Assert.Equal(8, s.BracketOf(new Money(long.MaxValue)));
        Assert.Equal(Rate.Parse("0.25"), s.MaintenanceRate(8));
        Assert.Equal(Money.Parse("1000"), s.Floor(8));
        Assert.Equal(new Money(long.MaxValue), s.Cap(8));
        // 2,000 x 25% − 121.81 = 378.19
        Assert.Equal(Money.Parse("378.19"), s.Maintenance(Money.Parse("2000")));
    }

    [Fact]
    public void Initial_UsesImRatesWithTheirOwnCum()
    {
        // IM cum of bracket 1: 10 x (3.33% − 2%) = 0.133; IM of 15 = 15 x 3.33% − 0.133 = 0.3665
        var s = BinanceCoinMBtcUsd();
        Assert.Equal(Money.Parse("0.3665"), s.Initial(Money.Parse("15")));
        // 10 x 2% = 0.2 at the top of bracket 0
        Assert.Equal(Money.Parse("0.2"), s.Initial(Money.Parse("10")));
    }

    [Fact]
    public void Maintenance_FlatSchedule_RoundsUpToMicroUnit()
    {
        var s = new MarginSchedule([], Rate.Parse("0.1"), Rate.Parse("0.05"));
        Assert.Equal(1, s.BracketCount);
        // 0.000001 x 5% = 0.00000005 → rounded up to 0.000001
        Assert.Equal(new Money(1), s.Maintenance(new Money(1)));
        Assert.Equal(Money.Zero, s.Maintenance(Money.Zero));
        Assert.Equal(Money.Parse("5"), s.Maintenance(Money.Parse("100")));
    }
}
