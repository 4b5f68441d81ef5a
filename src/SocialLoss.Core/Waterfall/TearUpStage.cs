using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Tear-up, the last CCP recovery tool (PFMI recovery guidance; LCH and Eurex rulebooks): the positions the
/// insurance fund took over from liquidated accounts — the CCP's unmatched book — are terminated against the
/// surviving opposite positions, pro rata to their size, at the last settlement price (the mark). Closing at
/// the mark moves no value, so the stage covers no money: what the earlier stages left stays as deficit, but
/// the book is matched again and no survivor is exposed to the defaulter's positions through the fund.
/// </summary>
internal sealed class TearUpStage : IWaterfallStage
{
    public static readonly TearUpStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var ledger = sink.Ledger;
        var fund = ledger.Insurance;
        foreach (var (name, position) in fund.OpenPositions.ToList())
        {
            var market = ledger.Markets[name];
            var mark = market.RequireMark();
            int side = position.Quantity.Sign;
            var survivors = new List<Account>();
            var sizes = new List<long>();
            foreach (var a in ledger.Accounts.Values)
            {
                if (a.IsBuiltIn || a.IsDefaulted)
                    continue;
                var q = a.QuantityIn(market.Id);
                if (q.Sign == -side)
                {
                    survivors.Add(a);
                    sizes.Add(Math.Abs(q.Lots));
                }
            }

            if (survivors.Count == 0)
                continue;
            var parts = WaterFilling.Allocate(Math.Abs(position.Quantity.Lots), sizes.ToArray(), sizes.ToArray());
            for (int i = 0; i < survivors.Count; i++)
                if (parts[i] > 0)
                    sink.Emit(new ClosedOut(fund.Id, market.Id, survivors[i].Id, CloseOutVia.TearUp, new Quantity(parts[i]), mark));
        }

        return Money.Zero;
    }
}
