using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

public sealed class MoneyTest
{
    [Fact]
    public void Parse_DecimalString_IsMicroUnits()
    {
        Assert.Equal(1_000_500_000L, Money.Parse("1000.5").Micros);
        Assert.Equal(-500_000L, Money.Parse("-0.5").Micros);
        Assert.Equal(1L, Money.Parse("0.000001").Micros);
    }

    [Fact]
    public void Parse_SevenDecimals_ThrowsFormatException()
    {
        var e = Assert.Throws<FormatException>(() => Money.Parse("0.0000001"));
        Assert.Contains("more than 6 decimal places", e.Message);
        Assert.False(Money.TryParse("0.0000001", out var m, out _));
        Assert.Equal(Money.Zero, m);
    }

    [Fact]
    public void ToString_TrimsTrailingZeros()
    {
        Assert.Equal("1000.5", new Money(1_000_500_000).ToString());
        Assert.Equal("-0.5", new Money(-500_000).ToString());
        Assert.Equal("0", Money.Zero.ToString());
    }

    [Fact]
    public void FromUnits_Scales()
    {
        Assert.Equal(3_000_000L, Money.FromUnits(3).Micros);
        Assert.Throws<OverflowException>(() => Money.FromUnits(long.MaxValue / 1_000_000 + 1));
    }

    [Fact]
    public void Arithmetic_Overflow_ThrowsInsteadOfWrapping()
    {
        var max = new Money(long.MaxValue);
        Assert.Throws<OverflowException>(() => max + new Money(1));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue) - new Money(1));
        Assert.Throws<OverflowException>(() => -new Money(long.MinValue));
    }

    [Fact]
    public void MinMaxAndComparison_Order()
    {
        var a = new Money(-5);
        var b = new Money(3);
        Assert.Equal(b, Money.Max(a, b));
        Assert.Equal(a, Money.Min(a, b));
        Assert.True(a < b && b > a && a <= new Money(-5) && b >= new Money(3));
        Assert.True(a.IsNegative && b.IsPositive && !Money.Zero.IsPositive && !Money.Zero.IsNegative);
    }
}
