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
        var payers = new List<Account>();
        var weights = new List<long>();
        var caps = new List<long>();
        long total = 0;
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

            payers.Add(a);
            weights.Add(notional);
            caps.Add(Math.Max(0, Risk.Equity(ledger, a).Micros));
            total = checked(total + notional);
        }

        if (total == 0)
            return Money.Zero;
        var parts = WaterFilling.Allocate(remaining.Micros, weights.ToArray(), caps.ToArray());
        long covered = parts.Sum();
        decimal rate = (decimal)covered / total;
        for (int i = 0; i < payers.Count; i++)
            if (parts[i] > 0)
                sink.Emit(new ClawedBack(payers[i].Id, bankrupt.Id, new Money(parts[i]), new Money(weights[i]), rate) { Stage = WaterfallStageKind.OpenInterest });
        return new Money(covered);
    }
}
