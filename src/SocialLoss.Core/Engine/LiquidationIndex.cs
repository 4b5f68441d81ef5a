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
/// Where an account is filed is kept on the account itself (<see cref="Account.Filing"/>), not in a map by name.
/// </summary>
internal sealed class LiquidationIndex
{
    /// <summary>
    /// Refreshing more accounts than this share of the filed ones re-sorts the touched sides instead. A quarter: the
    /// 1M crash's gap liquidates ~50k accounts and moves ~100k filings, which one by one (a removal and an insertion in
    /// a block of at most 256) cost ~0.1 s, and re-sorting both sides of a million (at a sixteenth) cost 1.2 s; a
    /// funding moves every payer's (about half of them) and still re-sorts.
    /// </summary>
    private const int BulkDivisor = 4;

    private sealed class Triggers
    {
        public readonly TriggerSet Longs = new();
        public readonly TriggerSet Shorts = new();
        public readonly HashSet<Account> Cross = new(ReferenceEqualityComparer.Instance);
    }

    /// <summary>Where an account is filed: one market's long or short triggers, or the cross sets of its markets.</summary>
    internal readonly record struct Entry(string? Market, int Side, long Trigger, string[]? CrossMarkets);

    private readonly Dictionary<string, Triggers> _markets = new(StringComparer.Ordinal);
    private int _filed;

    // New triggers of a funding's payers by account ordinal, plus one (0: none), between Rekey and RekeySide.
    private long[] _rekeyed = [];
    private int _rekeyedCount;

    /// <summary>Files the account again from its current state.</summary>
    public void Refresh(Account account)
    {
        var entry = Compute(account);
        if (entry is { CrossMarkets: null } e && account.Filing is { CrossMarkets: null } filed)
        {
            if (e == filed)
                return; // filed where it belongs already (a deposit far from the trigger, a trade that moved it less than a tick)
            if (e.Side == filed.Side && string.Equals(e.Market, filed.Market, StringComparison.Ordinal))
            {
                // Same side of the same market, a new trigger (a trade's usual effect): re-keyed in place.
                Side(e.Market!, e.Side).Move(new TriggerSet.Entry(filed.Trigger, account.Ordinal, account), new TriggerSet.Entry(e.Trigger, account.Ordinal, account));
                account.Filing = e;
                return;
            }
        }

        Remove(account);
        if (entry is { } now)
            File(account, now);
    }

    /// <summary>
    /// Files the accounts again. Many at once (a funding moves every payer's trigger) re-sort the sides they are on in
    /// one go instead of a removal and an insertion each.
    /// </summary>
    public void Refresh(List<Account> accounts)
    {
        if (_filed == 0 && accounts.Count >= 64)
        {
            FileAll(accounts);
            return;
        }

        if (accounts.Count < 64 || accounts.Count * BulkDivisor < _filed)
        {
            foreach (var a in accounts)
                Refresh(a);
            return;
        }

        // Unfile them all (a single-market filing just leaves its side, which is rebuilt), then file them again, the
        // sides that receive or lose many re-sorted once.
        var rebuild = new Dictionary<TriggerSet, List<TriggerSet.Entry>>(ReferenceEqualityComparer.Instance);
        // The side of the previous account, remembered: a funding's accounts are nearly all on one side of one market,
        // and two dictionary look-ups per account were a tenth of the refresh.
        string? lastMarket = null;
        int lastSide = 0;
        List<TriggerSet.Entry>? lastList = null;
        foreach (var a in accounts)
        {
            if (a.Filing is { Market: { } m } e)
            {
                ListFor(m, e.Side);
                a.Filing = null;
                _filed--;
            }
            else
                Remove(a);
        }

        var computed = new List<(Account Account, Entry Entry, List<TriggerSet.Entry>? Target)>(accounts.Count);
        foreach (var a in accounts)
        {
            if (Compute(a) is not { } entry)
                continue;
            computed.Add((a, entry, entry.Market is { } m ? ListFor(m, entry.Side) : null));
        }

        long max = 0;
        foreach (var a in accounts)
            max = Math.Max(max, a.Ordinal);
        // By ordinal, so the walk of a side does not dereference each filed account to ask: 0 not refreshed, k + 1 its new
        // single-market filing is computed[k] and not placed yet, −1 placed or not filed on a side.
        var slot = new int[max + 1];
        foreach (var a in accounts)
            slot[a.Ordinal] = -1;
        // By reference: the list indexer copies the 48-byte tuple, and copies with references go through a write-barrier
        // helper, which the profile showed as a fifth of the refresh.
        var filed = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(computed);
        for (int k = 0; k < filed.Length; k++)
            if (filed[k].Target is not null)
                slot[filed[k].Account.Ordinal] = k + 1;

        // Each side in its old order, a refreshed account staying on it put where it was with its new trigger: a funding
        // moves every payer's trigger by about the same amount toward the mark, so the lists come out nearly sorted and
        // the rebuild's sort has little to do.
        foreach (var (set, list) in rebuild)
        {
            foreach (var e in set.All())
            {
                int k = e.Ordinal > max ? 0 : slot[e.Ordinal];
                if (k == 0)
                    list.Add(e); // still filed here: not one of the refreshed
                else if (k > 0 && ReferenceEquals(filed[k - 1].Target, list))
                {
                    list.Add(new TriggerSet.Entry(filed[k - 1].Entry.Trigger, e.Ordinal, e.Account));
                    slot[e.Ordinal] = -1;
                }
            }
        }

        foreach (ref readonly var c in filed)
        {
            var a = c.Account;
            if (c.Target is { } target)
            {
                if (slot[a.Ordinal] > 0) // new to this side: appended, the sort moves it into place
                    target.Add(new TriggerSet.Entry(c.Entry.Trigger, a.Ordinal, a));
                a.Filing = c.Entry;
                _filed++;
            }
            else
                File(a, c.Entry);
        }

        foreach (var (set, list) in rebuild)
            set.Rebuild(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));

        List<TriggerSet.Entry> ListFor(string market, int side)
        {
            if (lastList is not null && side == lastSide && string.Equals(market, lastMarket, StringComparison.Ordinal))
                return lastList;
            var set = Side(market, side);
            if (!rebuild.TryGetValue(set, out var list))
                rebuild[set] = list = new List<TriggerSet.Entry>(set.Count);
            lastMarket = market;
            lastSide = side;
            return lastList = list;
        }
    }

    /// <summary>
    /// A funding moved the balance of every account on one side of a market (the payers): gives each single-position
    /// account filed there its new trigger in place, without re-filing it. The funding computes each payer's new trigger
    /// while it has the account in hand (<see cref="Rekey(Account)"/>, in holder order, which is the order the accounts lie
    /// in memory), then <see cref="RekeySide"/> writes them into the side in one sequential walk, reading them by ordinal.
    /// Multi-position accounts are not on a side (they are candidates at every mark of their markets) and are re-filed
    /// by their touch.
    /// <para>
    /// Why the order cannot change for a uniform payment: a single-position account on this side is filed at
    /// <c>ceil(n / d)</c> (a long; a short at <c>floor</c>), <c>n = 10⁹(1 + cost − balance) − cum_b</c>,
    /// <c>d = v·q·(10⁹ − mmr_b)</c> in its margin bracket b (<see cref="Risk.LiquidationPrice(Numbers.Money, Numbers.Money, Numbers.Quantity, Numbers.Money, Markets.MarketSpec)"/>).
    /// A payment of <c>a</c> per lot lowers the balance by <c>a·|q|</c>, so the exact root moves by
    /// <c>10⁹·a·|q| / (v·q·(10⁹ − mmr_b)) = ±10⁹·a / (v·(10⁹ − mmr_b))</c>: the same for every account of the side in the
    /// same bracket, whatever its size. Adding one constant to exact roots keeps their order, and <c>ceil</c> (or
    /// <c>floor</c>) is monotone, so the rounded triggers keep their (non-strict) order and the ordinal tie-break stands.
    /// Two things make the move not quite uniform: a per-account payment is <c>ceil(rate·notional)</c>, up to one
    /// micro-unit more than <c>a·|q|</c> (and an index settlement rounds the same way), and accounts in different margin
    /// brackets move by different amounts. Either can swap two triggers a tick apart, so the walk that writes the new
    /// triggers also checks the order, and re-sorts the side (nearly sorted: an insertion sort) only when it broke.
    /// </para>
    /// </summary>
    public void RekeySide(MarketId market, int side)
    {
        if (!_markets.TryGetValue(market.Value, out var t))
        {
            ClearRekeyed();
            return;
        }

        (side > 0 ? t.Longs : t.Shorts).Rekey(static (entry, index) => index.TakeRekeyed(entry), this);
        if (_rekeyedCount != 0)
            ClearRekeyed(); // an account re-keyed that was not on the side (not expected): forget, never reuse, its trigger
        // Scratch of one funding: kept between fundings (hours apart) it was 8-16 bytes of every account of the 1M crash.
        _rekeyed = [];
    }

    /// <summary>
    /// Computes a payer's new filing now (see <see cref="RekeySide"/>), for the side walk to write in place. The account
    /// must be filed on a market side and still hold that one position.
    /// </summary>
    public void Rekey(Account account)
    {
        var entry = Compute(account) ?? throw new InvalidOperationException($"{account.Id} left its side during a funding");
        account.Filing = entry;
        long ordinal = account.Ordinal;
        if (ordinal >= _rekeyed.Length)
            Array.Resize(ref _rekeyed, (int)Math.Max(ordinal + 1, 2L * _rekeyed.Length));
        if (_rekeyed[ordinal] == 0)
            _rekeyedCount++;
        _rekeyed[ordinal] = entry.Trigger + 1; // 0 is "not re-keyed": triggers are never negative
    }

    private long TakeRekeyed(TriggerSet.Entry filed)
    {
        long ordinal = filed.Ordinal;
        if (ordinal < _rekeyed.Length && _rekeyed[ordinal] is var stored and > 0)
        {
            _rekeyed[ordinal] = 0;
            _rekeyedCount--;
            return stored - 1;
        }

        // Filed on the payers' side but not re-keyed by the funding (no such account is expected): computed here.
        var account = filed.Account;
        var entry = Compute(account) ?? throw new InvalidOperationException($"{account.Id} left its side during a funding");
        account.Filing = entry;
        return entry.Trigger;
    }

    private void ClearRekeyed()
    {
        _rekeyed = [];
        _rekeyedCount = 0;
    }

    /// <summary>
    /// Files the accounts into an empty index (a resync: a restored or seeded ledger's first command): each side's
    /// entries gathered and sorted once, without the unfiling, the slots and the walk of the old order that a refresh of
    /// a filled index needs (a third of the 1M crash's first command).
    /// </summary>
    private void FileAll(List<Account> accounts)
    {
        var sides = new Dictionary<TriggerSet, List<TriggerSet.Entry>>(ReferenceEqualityComparer.Instance);
        TriggerSet? lastSet = null;
        List<TriggerSet.Entry>? lastList = null;
        foreach (var a in accounts)
        {
            if (a.Filing is not null)
                throw new InvalidOperationException($"{a.Id} is filed in an empty index");
            if (Compute(a) is not { } entry)
                continue;
            if (entry.CrossMarkets is not null)
            {
                File(a, entry);
                continue;
            }

            var set = Side(entry.Market!, entry.Side);
            if (!ReferenceEquals(set, lastSet))
            {
                if (!sides.TryGetValue(set, out lastList))
                    sides[set] = lastList = new List<TriggerSet.Entry>(accounts.Count / 2 + 1);
                lastSet = set;
            }

            lastList!.Add(new TriggerSet.Entry(entry.Trigger, a.Ordinal, a));
            a.Filing = entry;
            _filed++;
        }

        foreach (var (set, list) in sides)
            set.Rebuild(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list), nearlySorted: false);
    }

    /// <summary>Adds to <paramref name="into"/> every account a mark of <paramref name="mark"/> in the market may liquidate.</summary>
    public void Candidates(MarketId market, Price mark, SweepQueue into)
    {
        if (!_markets.TryGetValue(market.Value, out var t))
            return;
        t.Longs.AtOrAbove(mark.Ticks, into);
        t.Shorts.AtOrBelow(mark.Ticks, into);
        foreach (var a in t.Cross)
            into.Add(a.Id.Value);
    }

    /// <summary>Where the account belongs now; null when no mark can liquidate it (flat, built in).</summary>
    private static Entry? Compute(Account account)
    {
        if (account.IsBuiltIn)
            return null;
        if (account.SoleOpenPosition is not { } position)
            return account.HasPositions ? new Entry(null, 0, 0, account.OpenPositions.Select(p => p.Key).ToArray()) : null;
        string only = position.MarketName!;
        var spec = position.Market!.Spec;
        var trigger = Risk.LiquidationPrice(account.Balance, new Money(1), position.Quantity, position.Cost, spec);
        int side = position.Quantity.Sign;
        // A long that no price of its market can liquidate is filed at 0, under every mark: no mark makes it a candidate,
        // and a funding that gives it a trigger finds it on its side (RekeySide) instead of scanning the holders.
        var t = trigger ?? Price.Zero; // a short always has one; be safe

        return new Entry(only, side, t.Ticks, null);
    }

    private void File(Account account, Entry entry)
    {
        if (entry.CrossMarkets is { } markets)
        {
            foreach (var m in markets)
                For(m).Cross.Add(account);
        }
        else
            Side(entry.Market!, entry.Side).Add(new TriggerSet.Entry(entry.Trigger, account.Ordinal, account));

        account.Filing = entry;
        _filed++;
    }

    private TriggerSet Side(string market, int side) => side > 0 ? For(market).Longs : For(market).Shorts;

    private Triggers For(string market)
    {
        if (!_markets.TryGetValue(market, out var t))
            _markets[market] = t = new Triggers();
        return t;
    }

    private void Remove(Account account)
    {
        if (account.Filing is not { } e)
            return;
        account.Filing = null;
        _filed--;
        if (e.CrossMarkets is { } markets)
        {
            foreach (var m in markets)
                _markets[m].Cross.Remove(account);
            return;
        }

        Side(e.Market!, e.Side).Remove(new TriggerSet.Entry(e.Trigger, account.Ordinal, account));
    }
}
