using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Variation-margin gains haircut: every account that gained since the default (or the last settle) gives up
/// <c>h = min(1, L / ΣG⁺)</c> of its gain, parts by largest remainder; principal is never touched (the gain is
/// also capped by lifetime profit). Example (Elliott, BoE FSP 20; research notes): L = 30, gains A +60,
/// B +40 → h = 30%, A receives 42, B 28.
/// </summary>
internal sealed class VmghStage : IWaterfallStage
{
    public static readonly VmghStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var ledger = sink.Ledger;
        var charges = new Charges();
        foreach (var a in ledger.Accounts.Values)
        {
            if (a.IsBuiltIn || a.Id == bankrupt.Id || a.IsDefaulted)
                continue;
            var equity = Risk.Equity(ledger, a);
            var gain = Money.Min(equity - a.EquityAtDefault, equity - a.Principal);
            if (gain.IsPositive)
                charges.Add(a, gain.Micros, gain.Micros, gain.Micros);
        }

        return charges.Charge(sink, bankrupt, remaining, WaterfallStageKind.Vmgh);
    }
}
