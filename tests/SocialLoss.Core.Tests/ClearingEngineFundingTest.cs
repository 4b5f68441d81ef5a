using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

public sealed class ClearingEngineFundingTest
{
    /// <summary>
    /// Tick 0.01, lot 1, mark 33.33. Longs a (1) and b (2); shorts c (1) and d (2): notionals 33.33 and 66.66.
    /// </summary>
    private static EngineBuilder FourAccounts()
    {
        var b = new EngineBuilder().Market("F", 0.01m, 1m, "0.1", "0.05");
        foreach (var id in new[] { "a", "b", "c", "d" })
            b.Deposit(id, "1000");
        return b.Trade("F", "a", "c", 33.33m, 1m).Trade("F", "b", "d", 33.33m, 2m);
    }

    [Fact]
    public void Funding_PositiveRate_LongsPayCeilingShortsSplitByLargestRemainder()
    {
        var b = FourAccounts();
        var before = b.Ledger.Accounts.Values.ToDictionary(a => a.Id.Value, a => a.Balance);
        b.Funding("F", "0.00001");

        // a pays ceil(0.00001 x 33.33 = 0.0003333) = 0.000334; b pays ceil(0.0006666) = 0.000667; collected 1,001 micro.
        // c and d share 1,001 by notional 33.33 : 66.66 → exact 333.67 and 667.33 → floors 333 + 667 = 1,000,
        // the unit left to the larger remainder (c's .67) → c 334, d 667.
        var funded = b.LastOf<Funded>().ToDictionary(f => f.Account.Value, f => f.Amount.Micros);
        Assert.Equal(new Dictionary<string, long> { ["a"] = -334, ["b"] = -667, ["c"] = 334, ["d"] = 667 }, funded);
        Assert.Equal(0L, funded.Values.Sum());
        foreach (var (id, amount) in funded)
            Assert.Equal(before[id] + new Money(amount), b.Balance(id));
        Assert.All(b.LastOf<Funded>(), f => Assert.Equal(Rate.Parse("0.00001"), f.Rate));
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Funding_NegativeRate_ShortsPayLongs()
    {
        var b = FourAccounts().Funding("F", "-0.00001");
        // c pays ceil(0.0003333) = 334, d pays ceil(0.0006666) = 667; a and b split 1,001 as above: 334 and 667.
        var funded = b.LastOf<Funded>().ToDictionary(f => f.Account.Value, f => f.Amount.Micros);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 334, ["b"] = 667, ["c"] = -334, ["d"] = -667 }, funded);
    }

    [Fact]
    public void Funding_BookAccountHoldsASide_ItPaysOrReceivesToo()
    {
        // x buys 3 at 100 from the book account: x pays 0.001 x 300 = 0.3 to "market".
        var b = new EngineBuilder()
            .Market("F", 1m, 1m, "0.1", "0.05")
            .Deposit("x", "100")
            .Trade("F", "x", "market", 100m, 3m)
            .Funding("F", "0.001");
        Assert.Equal([("market", 300_000L), ("x", -300_000L)], b.LastOf<Funded>().Select(f => (f.Account.Value, f.Amount.Micros)));
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Funding_ZeroRate_EmitsNothing()
    {
        var b = FourAccounts();
        Assert.Empty(b.Run(new FundingCommand(EngineBuilder.M("F"), Rate.Zero)));
    }

    [Fact]
    public void Funding_PushesAccountUnderMaintenance_LiquidatesInTheSameCommand()
    {
        // x: 10 long at 100 with 100 (at IM). Funding 5% x 1000 = 50 → equity 50 ≥ MM 50: still fine;
        // a second 5% → equity 0 < 50: liquidated.
        var b = new EngineBuilder()
            .Configure(closeOut: [])
            .Market("F", 1m, 1m, "0.1", "0.05")
            .Deposit("x", "100")
            .Trade("F", "x", "market", 100m, 10m)
            .Funding("F", "0.05");
        Assert.Empty(b.LastOf<Liquidated>());
        b.Funding("F", "0.05");
        Assert.Single(b.LastOf<Liquidated>());
        Assert.Null(Invariants.Check(b.Ledger));
    }
}
