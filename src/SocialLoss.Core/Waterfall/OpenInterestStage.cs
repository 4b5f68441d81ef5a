using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Socialization over open interest (Drift v2 <c>resolve_perp_bankruptcy</c>, Mango v4 <c>socialize_loss</c>):
/// every open position, long or short, winner or loser, pays the same amount per unit of open interest
/// (here per unit of notional at mark, so several markets are comparable), each at most its equity.
/// Drift's test: a −100 loss with 5 long and 5 short open → each side pays 50.
/// </summary>
internal sealed class OpenInterestStage : IWaterfallStage
{
    public static readonly OpenInterestStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var ledger = sink.Ledger;
        var charges = new Charges();
        foreach (var a in ledger.Accounts.Values)
        {
            if (a.IsBuiltIn || a.Id == bankrupt.Id || !a.HasPositions)
                continue;
            long notional = 0;
            foreach (var (name, p) in a.OpenPositions)
            {
                var ms = ledger.Markets[name];
                notional = checked(notional + ms.Spec.Notional(p.Quantity, ms.RequireMark()).Micros);
            }

            charges.Add(a, notional, Math.Max(0, Risk.Equity(ledger, a).Micros), notional);
        }

        return charges.Charge(sink, bankrupt, remaining, WaterfallStageKind.OpenInterest);
    }
}
