using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

public sealed class RateTest
{
    [Fact]
    public void Parse_DecimalString_IsPartsPerBillion()
    {
        Assert.Equal(25_000_000L, Rate.Parse("0.025").Ppb);     // 0.025 x 1e9
        Assert.Equal(100_000L, Rate.Parse("0.0001").Ppb);       // 0.0001 x 1e9
        Assert.Equal(1L, Rate.Parse("0.000000001").Ppb);
        Assert.Equal(-100_000L, Rate.Parse("-0.0001").Ppb);
        Assert.Equal("0.025", Rate.Parse("0.025").ToString());
    }

    [Fact]
    public void Parse_TenDecimals_Fails()
    {
        Assert.False(Rate.TryParse("0.0000000001", out _, out var error));
        Assert.Contains("more than 9 decimal places", error);
        Assert.Throws<FormatException>(() => Rate.Parse("1e-3"));
    }

    [Theory]
    // rate 0.5 x 3 micro = 1.5 micro → ceiling 2, floor 1
    [InlineData("0.5", 3L, 2L, 1L)]
    // rate 0.5 x −1 micro = −0.5 → ceiling 0 (toward +∞), floor −1 (toward −∞)
    [InlineData("0.5", -1L, 0L, -1L)]
    // rate 0.5 x −3 micro = −1.5 → ceiling −1, floor −2
    [InlineData("0.5", -3L, -1L, -2L)]
    // a negative rate: −0.5 x 3 micro = −1.5 → ceiling −1, floor −2
    [InlineData("-0.5", 3L, -1L, -2L)]
    // exact: 0.025 x 1,000,000 micro = 25,000 → both 25,000
    [InlineData("0.025", 1_000_000L, 25_000L, 25_000L)]
    // 0.0001 x 33.33 (33,330,000 micro) = 3,333 micro exactly
    [InlineData("0.0001", 33_330_000L, 3_333L, 3_333L)]
    // 0.00001 x 33,330,000 micro = 333.3 → ceiling 334, floor 333
    [InlineData("0.00001", 33_330_000L, 334L, 333L)]
    public void ApplyCeilingApplyFloor_Signs_RoundTowardTheirInfinity(string rate, long micros, long ceiling, long floor)
    {
        var r = Rate.Parse(rate);
        Assert.Equal(ceiling, r.ApplyCeiling(new Money(micros)).Micros);
        Assert.Equal(floor, r.ApplyFloor(new Money(micros)).Micros);
    }

    [Fact]
    public void ApplyCeiling_HugeProduct_UsesInt128AndFits()
    {
        // 1 x long.MaxValue micro: the intermediate (long.MaxValue x 1e9) overflows a long but not Int128.
        Assert.Equal(long.MaxValue, Rate.One.ApplyCeiling(new Money(long.MaxValue)).Micros);
        Assert.Equal(long.MaxValue, Rate.One.ApplyFloor(new Money(long.MaxValue)).Micros);
    }
}
