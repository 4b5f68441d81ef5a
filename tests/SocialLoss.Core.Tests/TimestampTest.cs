using CsCheck;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

public class TimestampTest
{
    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0L, "1970-01-01T00:00:00Z")]
    [InlineData("2025-10-10T21:16:04.831Z", 1_760_130_964_831_000L, "2025-10-10T21:16:04.831Z")]
    [InlineData("2025-10-10T21:16:04.8Z", 1_760_130_964_800_000L, "2025-10-10T21:16:04.800Z")]
    [InlineData("2025-10-10T21:16:04.000001Z", 1_760_130_964_000_001L, "2025-10-10T21:16:04.000001Z")]
    [InlineData("2024-02-29T23:59:59Z", 1_709_251_199_000_000L, "2024-02-29T23:59:59Z")]
    [InlineData("1969-12-31T23:59:59.5Z", -500_000L, "1969-12-31T23:59:59.500Z")]
    [InlineData("0001-01-01T00:00:00Z", -62_135_596_800_000_000L, "0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999Z", 253_402_300_799_999_999L, "9999-12-31T23:59:59.999999Z")]
    public void TryParse_UtcTimes_ExactMicrosecondsAndCanonicalText(string text, long micros, string canonical)
    {
        Assert.True(Timestamp.TryParse(text, out var t));
        Assert.Equal(micros, t.UnixMicroseconds);
        Assert.Equal(canonical, t.ToString());
        Assert.True(Timestamp.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out var fromBytes));
        Assert.Equal(t, fromBytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-10-10")]
    [InlineData("2025-10-10T21:16:04")] // local time: no zone
    [InlineData("2025-10-10T21:16:04+00:00")] // an offset, not Z
    [InlineData("2025-10-10T21:16:04.831z")]
    [InlineData("2025-10-10t21:16:04Z")]
    [InlineData("2025-10-10 21:16:04Z")]
    [InlineData("2025-02-29T00:00:00Z")] // not a leap year
    [InlineData("1900-02-29T00:00:00Z")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-04-31T00:00:00Z")]
    [InlineData("2025-10-10T24:00:00Z")]
    [InlineData("2025-10-10T23:60:00Z")]
    [InlineData("2016-12-31T23:59:60Z")] // leap second
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2025-10-10T21:16:04.Z")]
    [InlineData("2025-10-10T21:16:04.1234567Z")]
    [InlineData("2025-10-10T21:16:04,831Z")]
    [InlineData("+2025-10-10T21:16:04Z")]
    [InlineData("2025-1-10T21:16:04Z")]
    [InlineData("２025-10-10T21:16:04Z")]
    public void TryParse_AnythingElse_False(string text)
    {
        Assert.False(Timestamp.TryParse(text, out _));
        Assert.False(Timestamp.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void ToString_ThenTryParse_RoundTripsEveryValue() =>
        Gen.Long[-62_135_596_800_000_000L, 253_402_300_799_999_999L].Sample(micros =>
        {
            var t = new Timestamp(micros);
            Assert.True(Timestamp.TryParse(t.ToString(), out var back), t.ToString());
            Assert.Equal(t, back);
        });
}
