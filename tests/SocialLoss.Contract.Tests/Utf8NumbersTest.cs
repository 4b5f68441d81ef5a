using System.Text;
using CsCheck;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract.Tests;

/// <summary>The byte formatters write exactly the text of the string ones.</summary>
public class Utf8NumbersTest
{
    [Fact]
    public void FormatScaled_SameTextAsFixedPointFormat() =>
        Gen.Select(Gen.Long, Gen.Int[0, 12]).Sample((value, decimals) =>
        {
            Span<byte> buffer = stackalloc byte[Utf8Numbers.MaxScaledLength];
            int n = Utf8Numbers.FormatScaled(value, decimals, buffer);
            Assert.Equal(FixedPoint.Format(value, decimals), Encoding.UTF8.GetString(buffer[..n]));
        }, iter: 20000);

    [Theory]
    [InlineData(long.MinValue, 6)]
    [InlineData(long.MaxValue, 9)]
    [InlineData(0L, 6)]
    [InlineData(-1L, 6)]
    [InlineData(-1_000_000L, 6)]
    public void FormatScaled_Edges(long value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[Utf8Numbers.MaxScaledLength];
        int n = Utf8Numbers.FormatScaled(value, decimals, buffer);
        Assert.Equal(FixedPoint.Format(value, decimals), Encoding.UTF8.GetString(buffer[..n]));
    }

    [Fact]
    public void FormatNormalized_SameTextAsFixedPointNormalize() =>
        Gen.Select(Gen.Long, Gen.Int[0, 28], Gen.Bool).Sample((mantissa, scale, negative) =>
        {
            var d = new decimal(unchecked((int)mantissa), unchecked((int)(mantissa >> 32)), 0, negative, (byte)scale);
            Span<byte> buffer = stackalloc byte[Utf8Numbers.MaxDecimalLength];
            int n = Utf8Numbers.FormatNormalized(d, buffer);
            Assert.Equal(FixedPoint.Normalize(d), Encoding.UTF8.GetString(buffer[..n]));
        }, iter: 20000);

    [Theory]
    [InlineData("1.50")]
    [InlineData("007")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("+5")]
    [InlineData("-0.001")]
    [InlineData("0.000")]
    [InlineData("123456789012345678")]
    public void TryParseDecimal_SameValueAndScaleAsTheTextParser(string text)
    {
        Assert.True(FixedPoint.TryParseDecimal(text, out var expected, out _));
        Assert.True(Utf8Numbers.TryParseDecimal(Encoding.UTF8.GetBytes(text), out var actual));
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), actual.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
