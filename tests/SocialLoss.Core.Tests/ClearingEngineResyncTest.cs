using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>Events applied to the ledger outside the engine (a simulator seeding a population) are seen at the next sweep.</summary>
public class ClearingEngineResyncTest
{
    [Fact]
    public void EventsAppliedToTheLedgerDirectly_NextMarkLiquidatesAsAFullScanWould()
    {
        var engine = new ClearingEngine();
        var m = new MarketId("P");
        engine.Execute(new ListMarketCommand(m, 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Zero, []), 1);
        var ledger = engine.Ledger;
        ledger.Apply(new Deposited(new AccountId("a"), Money.FromUnits(100)) { Seq = ledger.LastSeq + 1, Cmd = 2 });
        ledger.Apply(new Traded(m, new AccountId("a"), AccountId.Market, new Price(100), new Quantity(10)) { Seq = ledger.LastSeq + 1, Cmd = 3 });

        // a: equity 100 + 10 x (90 − 100) = 0 < maintenance 45
        var events = engine.Execute(new MarkCommand(m, 90m), 4);
        Assert.Equal("a", Assert.Single(events.OfType<Liquidated>()).Account.Value);
    }
}
