using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

/// <summary>Invariants.Check must notice each kind of broken state (built here by applying bogus events).</summary>
public sealed class InvariantsTest
{
    private static readonly AccountId A = new("a");
    private static readonly MarketId M = new("M");

    private static Ledger WithMarketAndDeposit()
    {
        var ledger = new Ledger();
        ledger.Apply(new MarketListed(Specs.Create("M", 1m, 1m)) { Seq = 1 });
        ledger.Apply(new Deposited(A, Money.FromUnits(100)) { Seq = 2 });
        return ledger;
    }

    [Fact]
    public void Check_ConsistentLedger_Null()
    {
        var ledger = WithMarketAndDeposit();
        ledger.Apply(new Traded(M, A, AccountId.Market, new Price(10), new Quantity(3)) { Seq = 3 });
        Assert.Null(Invariants.Check(ledger));
        Assert.Null(Invariants.Check(new Ledger()));
    }

    [Fact]
    public void Check_MoneyFromNowhere_ReportsConservation()
    {
        var ledger = WithMarketAndDeposit();
        ledger.Apply(new Funded(A, M, Money.FromUnits(5), Rate.Parse("0.01")) { Seq = 3 });   // no payer
        Assert.StartsWith("conservation", Invariants.Check(ledger));
    }

    [Fact]
    public void Check_FlatAccountWithNegativeBalance_Reported()
    {
        var ledger = WithMarketAndDeposit();
        ledger.Apply(new Withdrawn(A, Money.FromUnits(150), Money.Zero) { Seq = 3 });
        Assert.StartsWith("account a has no position and a negative balance -50", Invariants.Check(ledger));
    }

    [Fact]
    public void Check_NegativeDeficit_Reported()
    {
        var ledger = WithMarketAndDeposit();
        ledger.Apply(new DeficitChanged(Money.FromUnits(-1), Money.FromUnits(-1), A) { Seq = 3 });
        Assert.NotNull(Invariants.Check(ledger));
    }

    [Fact]
    public void Apply_CloseOutLargerThanPosition_Throws()
    {
        var ledger = WithMarketAndDeposit();
        ledger.Apply(new Traded(M, A, AccountId.Market, new Price(10), new Quantity(3)) { Seq = 3 });
        Assert.Throws<InvalidOperationException>(() =>
            ledger.Apply(new ClosedOut(A, M, AccountId.Insurance, CloseOutVia.Fund, new Quantity(4), new Price(10)) { Seq = 4 }));
        Assert.Throws<InvalidOperationException>(() =>
            ledger.Apply(new ClosedOut(A, M, AccountId.Market, CloseOutVia.Book, new Quantity(1), new Price(10)) { Seq = 4 })); // no such book level
    }
}
