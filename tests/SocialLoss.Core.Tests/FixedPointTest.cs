using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

public sealed class FixedPointTest
{
    [Theory]
    [InlineData("1.5", 6, 1_500_000L)]          // 1.5 x 10^6
    [InlineData("-12.5", 6, -12_500_000L)]      // −12.5 x 10^6
    [InlineData("0.000001", 6, 1L)]             // the smallest micro-unit
    [InlineData("+7", 6, 7_000_000L)]           // a leading plus sign is allowed
    [InlineData("-0", 6, 0L)]
    [InlineData(".5", 6, 500_000L)]             // no leading digit
    [InlineData("2.", 6, 2_000_000L)]           // no digit after the point
    [InlineData("0.025", 9, 25_000_000L)]       // a rate in ppb: 0.025 x 10^9
    [InlineData("9223372036854.775807", 6, long.MaxValue)]
    [InlineData("-9223372036854.775808", 6, long.MinValue)]
    public void TryParse_PlainDecimal_ScalesExactly(string text, int decimals, long expected)
    {
        Assert.True(FixedPoint.TryParse(text, decimals, out var value, out var error), error);
        Assert.Equal(expected, value);
        Assert.Null(error);
    }

    [Fact]
    public void TryParse_TooManyDecimals_FailsNamingThePlaces()
    {
        Assert.False(FixedPoint.TryParse("1.0000001", 6, out _, out var error));
        Assert.Contains("more than 6 decimal places", error);
    }

    [Fact]
    public void TryParse_TrailingZerosBeyondTheScale_AcceptedBecauseTheValueIsExact()
    {
        // "1.5000000" has seven decimal places of text but the value 1.5 is exact in micro-units.
        Assert.True(FixedPoint.TryParse("1.5000000", 6, out var value, out _));
        Assert.Equal(1_500_000L, value);
    }

    [Theory]
    [InlineData("1.00000000000000000000000000001")]   // 1 + 10^-29: decimal would round it to exactly 1
    [InlineData("0.00000000000000000000000000001")]   // 10^-29: decimal would round it to 0
    public void TryParse_NonZeroDigitBeyondDecimalPrecision_FailsInsteadOfRounding(string text)
    {
        // More than 6 decimal places must be refused (TryParse: "Fails if the text has more decimal places than
        // that"); decimal.TryParse alone silently rounds past 28 digits, which once scaled "exactly" to 1,000,000 / 0.
        Assert.False(FixedPoint.TryParse(text, 6, out var value, out _), $"parsed as {value}: a non-zero digit was rounded away");
    }

    [Theory]
    [InlineData("1e5")]        // exponent
    [InlineData("1E-2")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1,000")]      // thousands separator
    [InlineData(" 1")]         // whitespace
    [InlineData("1 ")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    public void TryParse_NotAPlainDecimal_Fails(string text)
    {
        Assert.False(FixedPoint.TryParse(text, 6, out var value, out var error));
        Assert.Equal(0L, value);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("9223372036854.775808")]          // long.MaxValue + 1 micro-unit
    [InlineData("-9223372036854.775809")]
    [InlineData("99999999999999999999999999999")] // does not fit a decimal either
    public void TryParse_OutOfRange_FailsWithRangeError(string text)
    {
        Assert.False(FixedPoint.TryParse(text, 6, out _, out var error));
        Assert.Contains("out of range", error);
    }

    [Theory]
    [InlineData(1_500_000L, 6, "1.5")]
    [InlineData(-1_500_000L, 6, "-1.5")]
    [InlineData(1_000_000L, 6, "1")]              // trailing zeros and the point are trimmed
    [InlineData(100_000_000L, 6, "100")]          // zeros of the whole part are kept
    [InlineData(0L, 6, "0")]
    [InlineData(-1L, 6, "-0.000001")]
    [InlineData(10L, 6, "0.00001")]
    [InlineData(long.MinValue, 6, "-9223372036854.775808")]
    [InlineData(-42L, 0, "-42")]
    [InlineData(25_000_000L, 9, "0.025")]
    public void Format_ScaledInteger_TrimsTrailingZeros(long value, int decimals, string expected) =>
        Assert.Equal(expected, FixedPoint.Format(value, decimals));

    [Theory]
    [InlineData("1.5", 6)]
    [InlineData("-0.000001", 6)]
    [InlineData("123456.789", 6)]
    [InlineData("-9223372036854.775808", 6)]
    public void Format_OfParse_RoundTrips(string text, int decimals)
    {
        Assert.True(FixedPoint.TryParse(text, decimals, out var v, out _));
        Assert.Equal(text, FixedPoint.Format(v, decimals));
    }

    [Fact]
    public void Normalize_Decimal_TrimsOnlyFractionalZeros()
    {
        Assert.Equal("1.5", FixedPoint.Normalize(1.500m));
        Assert.Equal("100", FixedPoint.Normalize(100m));
        Assert.Equal("100", FixedPoint.Normalize(100.00m));
        Assert.Equal("0", FixedPoint.Normalize(0.000m));
        Assert.Equal("-0.25", FixedPoint.Normalize(-0.250m));
    }

    [Theory]
    [InlineData(7, 2, 3, 4)]     // 3.5 → floor 3, ceil 4
    [InlineData(-7, 2, -4, -3)]  // −3.5 → floor −4, ceil −3
    [InlineData(7, -2, -4, -3)]
    [InlineData(-7, -2, 3, 4)]
    [InlineData(-6, 2, -3, -3)]  // exact: both the same
    [InlineData(0, 5, 0, 0)]
    public void FloorDivCeilDiv_Signs_RoundTowardTheirInfinity(long n, long d, long floor, long ceil)
    {
        Assert.Equal((Int128)floor, FixedPoint.FloorDiv(n, d));
        Assert.Equal((Int128)ceil, FixedPoint.CeilDiv(n, d));
    }

    [Fact]
    public void ToLong_OutOfRange_Throws() =>
        Assert.Throws<OverflowException>(() => FixedPoint.ToLong((Int128)long.MaxValue + 1));

    [Fact]
    public void PowerOfTen_Range_IsExact()
    {
        Assert.Equal(1L, FixedPoint.PowerOfTen(0));
        Assert.Equal(1_000_000L, FixedPoint.PowerOfTen(6));
        Assert.Equal(1_000_000_000_000_000_000L, FixedPoint.PowerOfTen(18));
    }
}
