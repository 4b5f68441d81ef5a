using SocialLoss.Core.Accounts;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

public sealed class PositionTest
{
    // tick 1 x lot 1: one lot moving one tick is worth 1 unit = 1,000,000 micro-units.
    private static readonly Markets.MarketSpec Unit = Specs.Create(1m, 1m);

    // tick 0.001 x lot 0.001: one lot-tick is worth 1 micro-unit, so truncation shows.
    private static readonly Markets.MarketSpec Micro = Specs.Create(0.001m, 0.001m);

    private static Money U(long units) => Money.FromUnits(units);

    [Fact]
    public void Apply_Open_SetsQuantityAndCostRealizesNothing()
    {
        var p = new Position();
        var realized = p.Apply(new Quantity(10), new Price(100), Unit);
        Assert.Equal(Money.Zero, realized);
        Assert.Equal(new Quantity(10), p.Quantity);
        Assert.Equal(U(1000), p.Cost);                       // 10 x 100
        Assert.Equal(U(200), p.UnrealizedPnl(Unit, new Price(120))); // 10 x 120 − 1000
    }

    [Fact]
    public void Apply_AddSameSide_AccumulatesCost()
    {
        var p = new Position();
        p.Apply(new Quantity(10), new Price(100), Unit);
        Assert.Equal(Money.Zero, p.Apply(new Quantity(10), new Price(110), Unit));
        Assert.Equal(new Quantity(20), p.Quantity);
        Assert.Equal(U(2100), p.Cost);                       // 1000 + 10 x 110, average entry 105
    }

    [Fact]
    public void Apply_PartialClose_RealizesProportionalShareOfCost()
    {
        var p = new Position();
        p.Apply(new Quantity(20), new Price(105), Unit);     // cost 2100
        var realized = p.Apply(new Quantity(-5), new Price(120), Unit);
        // removed cost = 2100 x 5 / 20 = 525; realized = 5 x 120 − 525 = 75
        Assert.Equal(U(75), realized);
        Assert.Equal(new Quantity(15), p.Quantity);
        Assert.Equal(U(1575), p.Cost);                       // 2100 − 525
    }

    [Fact]
    public void Apply_Flip_ClosesAllThenOpensTheRestAtTheFillPrice()
    {
        var p = new Position();
        p.Apply(new Quantity(15), new Price(105), Unit);     // cost 1575
        var realized = p.Apply(new Quantity(-20), new Price(90), Unit);
        // closes 15: realized = 15 x 90 − 1575 = −225; opens 5 short at 90: cost = −5 x 90 = −450
        Assert.Equal(U(-225), realized);
        Assert.Equal(new Quantity(-5), p.Quantity);
        Assert.Equal(U(-450), p.Cost);
    }

    [Fact]
    public void Apply_FullCloseOfShort_RealizesAllAndZeroesCost()
    {
        var p = new Position();
        p.Apply(new Quantity(-5), new Price(90), Unit);      // cost −450
        var realized = p.Apply(new Quantity(5), new Price(80), Unit);
        // realized = value of the closed −5 at 80 minus its cost = −400 − (−450) = 50
        Assert.Equal(U(50), realized);
        Assert.True(p.IsFlat);
        Assert.Equal(Money.Zero, p.Cost);
    }

    [Fact]
    public void Apply_ZeroDelta_ChangesNothing()
    {
        var p = new Position();
        p.Apply(new Quantity(3), new Price(7), Unit);
        Assert.Equal(Money.Zero, p.Apply(Quantity.Zero, new Price(1000), Unit));
        Assert.Equal(new Quantity(3), p.Quantity);
        Assert.Equal(U(21), p.Cost);
    }

    [Fact]
    public void Apply_PartialCloseWithTruncation_ConservesTotalPnl()
    {
        // long: 1 lot at 1 tick + 2 lots at 2 ticks → quantity 3, cost 5 micro
        var p = new Position();
        p.Apply(new Quantity(1), new Price(1), Micro);
        p.Apply(new Quantity(2), new Price(2), Micro);
        Assert.Equal(new Money(5), p.Cost);
        // close 1 at 2: removed = trunc(5 x 1 / 3) = 1, realized = 2 − 1 = 1, cost left 4
        var realized = p.Apply(new Quantity(-1), new Price(2), Micro);
        Assert.Equal(new Money(1), realized);
        Assert.Equal(new Money(4), p.Cost);
        // total PnL at 2 = 3 x 2 − 5 = 1 = realized 1 + unrealized (2 x 2 − 4 = 0)
        Assert.Equal(Money.Zero, p.UnrealizedPnl(Micro, new Price(2)));
    }

    [Fact]
    public void Apply_PartialCloseOfShortWithTruncation_TruncatesTowardZero()
    {
        var p = new Position();
        p.Apply(new Quantity(-1), new Price(1), Micro);
        p.Apply(new Quantity(-2), new Price(2), Micro);      // quantity −3, cost −5
        // close 1 at 2: removed = trunc(−5 / 3) = −1; realized = −2 − (−1) = −1; cost left −4
        Assert.Equal(new Money(-1), p.Apply(new Quantity(1), new Price(2), Micro));
        Assert.Equal(new Money(-4), p.Cost);
        // total PnL at 2 = −3 x 2 + 5 = −1 = realized −1 + unrealized (−2 x 2 + 4 = 0)
        Assert.Equal(Money.Zero, p.UnrealizedPnl(Micro, new Price(2)));
    }

    [Fact]
    public void Clone_IsIndependent()
    {
        var p = new Position();
        p.Apply(new Quantity(2), new Price(10), Unit);
        var c = p.Clone();
        c.Apply(new Quantity(-2), new Price(11), Unit);
        Assert.Equal(new Quantity(2), p.Quantity);
        Assert.True(c.IsFlat);
    }
}
