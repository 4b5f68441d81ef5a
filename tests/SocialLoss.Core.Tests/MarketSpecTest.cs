using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

public sealed class MarketSpecTest
{
    private static string? Error(decimal tick, decimal lot, string im = "0.1", string mm = "0.05", string fee = "0",
        params MarginTier[] tiers)
    {
        var spec = MarketSpec.Create(new MarketId("X"), tick, lot, Rate.Parse(im), Rate.Parse(mm), Rate.Parse(fee), tiers, out var error);
        Assert.True(spec is null == error is not null);
        return error;
    }

    [Theory]
    [InlineData(0.01, 0.001, 10)]     // 0.01 x 0.001 x 1e6 = 10 micro per lot-tick
    [InlineData(0.001, 0.001, 1)]     // 1e-6 x 1e6 = 1
    [InlineData(0.5, 0.001, 500)]
    [InlineData(1, 1, 1_000_000)]
    public void Create_ValidSizes_ValuePerLotTickIsWholeMicroUnits(double tick, double lot, long expected) =>
        Assert.Equal(expected, Specs.Create((decimal)tick, (decimal)lot).ValuePerLotTick);

    [Theory]
    [InlineData(0.001, 0.0001)]       // 1e-7 x 1e6 = 0.1 micro: not whole
    [InlineData(0.3, 0.000005)]       // 1.5e-6 x 1e6 = 1.5 micro: not whole
    [InlineData(0.0000001, 1)]        // 0.1 micro
    public void Create_LotTimesTickNotWholeMicroUnit_Fails(double tick, double lot) =>
        Assert.Contains("tickSize x lotSize must be a whole number of micro-units", Error((decimal)tick, (decimal)lot));

    [Fact]
    public void Create_NonPositiveSizesOrEmptyName_Fail()
    {
        Assert.StartsWith("tickSize", Error(0m, 1m));
        Assert.StartsWith("lotSize", Error(1m, -1m));
        MarketSpec.Create(new MarketId(" "), 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Zero, [], out var error);
        Assert.StartsWith("market", error);
    }

    [Fact]
    public void Create_MaintenanceAboveInitial_Fails() =>
        Assert.StartsWith("initialMargin: must be at least maintenanceMargin", Error(1m, 1m, im: "0.05", mm: "0.1"));

    [Fact]
    public void Create_MaintenanceEqualToInitial_Accepted() =>
        Assert.Null(Error(1m, 1m, im: "0.05", mm: "0.05"));

    [Theory]
    [InlineData("0.1", "0")]          // MM must be > 0
    [InlineData("1", "1")]            // MM must be < 1
    [InlineData("1.5", "0.05")]       // IM must be ≤ 1
    public void Create_RatesOutOfRange_Fail(string im, string mm) =>
        Assert.NotNull(Error(1m, 1m, im: im, mm: mm));

    [Fact]
    public void Create_FeeAboveOne_Fails() =>
        Assert.StartsWith("liquidationFee", Error(1m, 1m, fee: "1.01"));

    [Fact]
    public void Create_TiersNotIncreasing_Fails()
    {
        Assert.Equal("tiers[1].maxNotional: must be greater than the previous tier's",
            Error(1m, 1m, "0.1", "0.05", "0", Specs.Tier("50000", "0.02", "0.01"), Specs.Tier("50000", "0.04", "0.02")));
        Assert.Equal("tiers[0].maxNotional: must be greater than 0",
            Error(1m, 1m, "0.1", "0.05", "0", Specs.Tier("0", "0.02", "0.01")));
    }

    [Fact]
    public void Create_TierMaintenanceAboveInitial_FailsNamingTheTier() =>
        Assert.StartsWith("tiers[0].initialMargin",
            Error(1m, 1m, "0.1", "0.05", "0", Specs.Tier("1000", "0.01", "0.02")));

    [Fact]
    public void TryPriceTryQuantity_OffGrid_Fail()
    {
        var spec = Specs.Create(0.5m, 0.01m);
        Assert.True(spec.TryPrice(100.5m, out var p, out _));
        Assert.Equal(201L, p.Ticks);
        Assert.False(spec.TryPrice(100.25m, out _, out var e1));
        Assert.Contains("not a multiple of the tick size 0.5", e1);
        Assert.True(spec.TryQuantity(-0.03m, out var q, out _));
        Assert.Equal(-3L, q.Lots);
        Assert.False(spec.TryQuantity(0.005m, out _, out var e2));
        Assert.Contains("not a multiple of the lot size 0.01", e2);
        Assert.False(spec.TryPrice(-1m, out _, out _));
    }

    [Fact]
    public void ValueAndNotional_LotsTimesTicksTimesValuePerLotTick()
    {
        var spec = Specs.Create(0.01m, 0.001m);
        // 1.5 units (1,500 lots) at 100.01 (10,001 ticks) = 150.015 = 1,500 x 10,001 x 10 micro
        Assert.Equal(150_015_000L, spec.Notional(new Quantity(-1_500), new Price(10_001)).Micros);
        Assert.Equal(-150_015_000L, spec.Value(new Quantity(-1_500), new Price(10_001)).Micros);
        Assert.Equal("100.01", spec.Format(new Price(10_001)));
        Assert.Equal("-1.5", spec.Format(new Quantity(-1_500)));
    }
}
