using SocialLoss.Core.Accounts;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Which accounts a mark can push under maintenance, without looking at the others. An account with one
/// position is filed under a conservative trigger price: the liquidation price computed with one extra
/// micro-unit of maintenance margin (so the rounding of margins up can never hide a liquidation), rounded up
/// for a long and down for a short; a mark at or beyond the trigger makes it a candidate. Its trigger does not
/// depend on the mark, only on its own balance and position, so it is refreshed only when an event touches
/// the account. Accounts with positions in several markets (cross margin across markets) are candidates at
/// every mark of those markets. A mark then costs O(log n + k), k the candidates, instead of a scan of all.
/// Candidates are checked exactly (<see cref="Risk.IsBelowMaintenance"/>): the index only narrows the search.
/// </summary>
internal sealed class LiquidationIndex
{
    private readonly record struct Key(long Trigger, string Account);

    private sealed class KeyOrder : IComparer<Key>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(Key a, Key b)
        {
            int c = a.Trigger.CompareTo(b.Trigger);
            return c != 0 ? c : string.CompareOrdinal(a.Account, b.Account);
        }
    }

    private sealed class Triggers
    {
        public readonly SortedSet<Key> Longs = new(KeyOrder.Instance);
        public readonly SortedSet<Key> Shorts = new(KeyOrder.Instance);
        public readonly HashSet<string> Cross = new(StringComparer.Ordinal);
    }

    /// <summary>Where an account is filed: one market's long or short triggers, or the cross sets of its markets.</summary>
    private readonly record struct Entry(string? Market, int Side, long Trigger, string[]? CrossMarkets);

    private readonly Dictionary<string, Triggers> _markets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Files the account again from its current state.</summary>
    public void Refresh(Ledger ledger, Account account)
    {
        Remove(account.Id.Value);
        if (account.IsBuiltIn)
            return;
        string? only = null;
        int count = 0;
        foreach (var (name, _) in account.OpenPositions)
        {
            only = name;
            count++;
        }

        if (count == 0)
            return;
        if (count > 1)
        {
            var markets = account.OpenPositions.Select(p => p.Key).ToArray();
            foreach (var m in markets)
                For(m).Cross.Add(account.Id.Value);
            _entries[account.Id.Value] = new Entry(null, 0, 0, markets);
            return;
        }

        var position = account.PositionIn(new MarketId(only!))!;
        var spec = ledger.Markets[only!].Spec;
        var trigger = Risk.LiquidationPrice(account.Balance, new Money(1), position.Quantity, position.Cost, spec);
        int side = position.Quantity.Sign;
        if (trigger is not { } t)
        {
            if (side > 0)
                return; // a long that no price of its market can liquidate
            t = Price.Zero; // a short always has one; be safe
        }

        var key = new Key(t.Ticks, account.Id.Value);
        (side > 0 ? For(only!).Longs : For(only!).Shorts).Add(key);
        _entries[account.Id.Value] = new Entry(only, side, t.Ticks, null);
    }

    /// <summary>Adds to <paramref name="into"/> every account a mark of <paramref name="mark"/> in the market may liquidate.</summary>
    public void Candidates(MarketId market, Price mark, SweepQueue into)
    {
        if (!_markets.TryGetValue(market.Value, out var t))
            return;
        foreach (var k in t.Longs.Reverse())
        {
            if (k.Trigger < mark.Ticks)
                break;
            into.Add(k.Account);
        }

        foreach (var k in t.Shorts)
        {
            if (k.Trigger > mark.Ticks)
                break;
            into.Add(k.Account);
        }

        foreach (var a in t.Cross)
            into.Add(a);
    }

    private Triggers For(string market)
    {
        if (!_markets.TryGetValue(market, out var t))
            _markets[market] = t = new Triggers();
        return t;
    }

    private void Remove(string account)
    {
        if (!_entries.Remove(account, out var e))
            return;
        if (e.CrossMarkets is { } markets)
        {
            foreach (var m in markets)
                _markets[m].Cross.Remove(account);
            return;
        }

        var t = _markets[e.Market!];
        (e.Side > 0 ? t.Longs : t.Shorts).Remove(new Key(e.Trigger, account));
    }
}
