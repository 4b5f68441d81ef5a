using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Server;

/// <summary>
/// Open interest (long lots) per market for the dashboard history, kept up to date from each command's events.
/// The history takes a sample at every mark, and summing every account's positions there made a mark cost
/// O(accounts) in the writer loop (about half its time under load). A plain trade moves open interest by
/// what its two sides' long exposure changed, which the ledger after the trade tells exactly; anything rarer
/// that moves positions (liquidation, ADL, close-out, settlement, a new market) marks the figures stale and
/// the next sample recounts them from the ledger, so they are always what a full count would give.
/// </summary>
public sealed class OpenInterest
{
    private readonly Dictionary<string, long> _lots = new(StringComparer.Ordinal);
    private bool _stale = true;

    /// <summary>Takes in the events of one executed command; <paramref name="ledger"/> is the state after it.</summary>
    public void Observe(IReadOnlyList<EngineEvent> events, Ledger ledger)
    {
        if (_stale)
            return;
        Traded? trade = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case Traded t when trade is null && t.Quantity.Lots > 0 && t.Buyer != t.Seller:
                    trade = t;
                    break;
                case Deposited or Withdrawn or Marked or Funded or BookUpdated or BackstopSet or InsuranceFundChanged or Rejected or Configured:
                    break; // cash and settings: positions unchanged
                default:
                    _stale = true;
                    return;
            }
        }

        if (trade is null)
            return;
        long q = trade.Quantity.Lots;
        long buyer = ledger.Account(trade.Buyer)?.QuantityIn(trade.Market).Lots ?? 0;
        long seller = ledger.Account(trade.Seller)?.QuantityIn(trade.Market).Lots ?? 0;
        long change = Long(buyer) - Long(buyer - q) + Long(seller) - Long(seller + q);
        _lots[trade.Market.Value] = _lots.GetValueOrDefault(trade.Market.Value) + change;
    }

    /// <summary>Forgets the figures (the ledger changed other than by observed commands, e.g. restored from a snapshot); the next read recounts.</summary>
    public void Invalidate() => _stale = true;

    /// <summary>Long lots open in <paramref name="market"/> (recounted from <paramref name="ledger"/> when stale).</summary>
    public long Of(string market, Ledger ledger)
    {
        if (_stale)
            Recount(ledger);
        return _lots.GetValueOrDefault(market);
    }

    private void Recount(Ledger ledger)
    {
        _lots.Clear();
        foreach (var a in ledger.Accounts.Values)
            foreach (var (market, p) in a.OpenPositions)
                if (p.Quantity.Lots > 0)
                    _lots[market] = _lots.GetValueOrDefault(market) + p.Quantity.Lots;
        _stale = false;
    }

    private static long Long(long lots) => Math.Max(0, lots);
}
