using CsCheck;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>
/// <see cref="MarketSpec.TryPrice"/> and <see cref="MarketSpec.TryQuantity"/> count ticks and lots in integers where they
/// can; the answers, values and errors alike, are those of the decimal division they replaced (written out here).
/// </summary>
public sealed class MarketSpecConversionTest
{
    private static readonly Gen<decimal> Size =
        Gen.Select(Gen.Long[1, 50], Gen.Int[0, 4]).Select((m, s) => new decimal(m) / Pow(s));

    // Values near the grid: whole steps written with extra zeros, steps plus a stray digit, signs, huge and tiny values.
    private static Gen<decimal> Near(decimal step) =>
        Gen.OneOf(
            Gen.Select(Gen.Long[-1_000_000_000, 1_000_000_000], Gen.Int[0, 6]).Select((k, zeros) => k * step * new decimal(Pow(zeros) is var p ? (int)p : 1, 0, 0, false, (byte)zeros)),
            Gen.Select(Gen.Long[-1_000_000, 1_000_000], Gen.Int[1, 27]).Select((k, s) => k * step + 1m / Pow(s)),
            Gen.Select(Gen.Long, Gen.Int[0, 28], Gen.Bool).Select((m, s, neg) => new decimal(unchecked((int)m), unchecked((int)(m >> 32)), unchecked((int)(m >> 40)), neg, (byte)s)),
            Gen.Const(0m), Gen.Const(-0m), Gen.Const(decimal.MaxValue), Gen.Const(decimal.MinValue),
            Gen.Const((long.MaxValue / 1024) * step), Gen.Const((long.MaxValue / 1024 + 1) * step), Gen.Const(-(long.MaxValue / 1024) * step));

    [Fact]
    public void TryPriceAndTryQuantity_AnyValue_SameAnswerAsTheDecimalDivision() =>
        Gen.Select(Size, Size).Where((t, l) => MarketSpec.Create(new MarketId("X"), t, l, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Zero, [], out _) is not null)
            .SelectMany((t, l) => Gen.Select(Gen.Const(t), Gen.Const(l), Near(t), Near(l)))
            .Sample((tick, lot, price, quantity) =>
            {
                var spec = MarketSpec.Create(new MarketId("X"), tick, lot, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Zero, [], out _)!;
                // The decimal division overflows on values near decimal.MaxValue (the parser's bounds keep them out); the
                // integer path must then throw the same, not answer.
                Assert.Equal(Outcome(() => DecimalPrice(spec, price)),
                    Outcome(() => (spec.TryPrice(price, out var p, out var error), p.Ticks, error)));
                Assert.Equal(Outcome(() => DecimalQuantity(spec, quantity)),
                    Outcome(() => (spec.TryQuantity(quantity, out var q, out var error), q.Lots, error)));
            }, iter: 20_000);

    [Theory]
    [InlineData("50000.1", 500_001)]
    [InlineData("50000.10", 500_001)]
    [InlineData("50000.1000000000", 500_001)]
    [InlineData("0", 0)]
    public void TryPrice_OnTheGrid_CountsTicks(string price, long ticks)
    {
        var spec = Support.Specs.Create(0.1m, 0.001m);
        Assert.True(spec.TryPrice(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), out var p, out _));
        Assert.Equal(ticks, p.Ticks);
    }

    // The conversion before integers (MarketSpec at d769f70), the reference.
    private static (bool, long, string?) DecimalPrice(MarketSpec spec, decimal price)
    {
        var ticks = price / spec.TickSize;
        if (ticks != decimal.Truncate(ticks))
            return (false, 0, $"price {FixedPoint.Normalize(price)} is not a multiple of the tick size {FixedPoint.Normalize(spec.TickSize)} of {spec.Id}");
        if (ticks > long.MaxValue / 1024 || ticks < 0)
            return (false, 0, $"price {FixedPoint.Normalize(price)} is out of range");
        return (true, (long)ticks, null);
    }

    private static (bool, long, string?) DecimalQuantity(MarketSpec spec, decimal quantity)
    {
        var lots = quantity / spec.LotSize;
        if (lots != decimal.Truncate(lots))
            return (false, 0, $"quantity {FixedPoint.Normalize(quantity)} is not a multiple of the lot size {FixedPoint.Normalize(spec.LotSize)} of {spec.Id}");
        if (lots > long.MaxValue / 1024 || lots < -(long.MaxValue / 1024))
            return (false, 0, $"quantity {FixedPoint.Normalize(quantity)} is out of range");
        return (true, (long)lots, null);
    }

    private static string Outcome(Func<(bool, long, string?)> convert)
    {
        try
        {
            return convert().ToString();
        }
        catch (OverflowException e)
        {
            return e.GetType().Name;
        }
    }

    private static decimal Pow(int n)
    {
        decimal p = 1m;
        for (int i = 0; i < n; i++)
            p *= 10m;
        return p;
    }
}
