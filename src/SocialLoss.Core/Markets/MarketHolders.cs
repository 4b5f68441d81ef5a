using SocialLoss.Core.Accounts;

namespace SocialLoss.Core.Markets;

/// <summary>
/// The accounts holding a position in one market, in account-id order, so that a funding visits only them, in the
/// order a scan of every account would. Kept as flat parallel arrays (structure of arrays: the accounts, their
/// positions and their sizes in lots), so a funding computes every amount from one sequential array of sizes without
/// dereferencing a position. The sizes are kept current on every fill (<see cref="Note"/>: one store, found by the
/// position's <see cref="Position.Slot"/>); the order is kept lazily: an opened position is appended (unsorted) and a
/// closed one stays until the next <see cref="InIdOrder"/>, which drops the flat, sorts the new and merges them in:
/// O(n + k log k), no more than the funding that asks for them costs anyway, and nothing but that store on the trade path.
/// </summary>
internal sealed class MarketHolders
{
    /// <summary>A holder and its position in this market.</summary>
    internal readonly record struct Holder(Account Account, Position Position);

    private Account[] _accounts = [];
    private Position[] _positions = [];
    private long[] _lots = [];
    private int _count;
    private readonly List<Holder> _added = [];

    /// <summary>Notes a position whose size may have changed: keeps its size current, or lists it if it opened.</summary>
    public void Note(Account account, Position position)
    {
        if (position.Slot >= 0)
        {
            _lots[position.Slot] = position.Quantity.Lots; // flat stays listed (size 0) until the next InIdOrder drops it
            return;
        }

        if (position.IsFlat || position.Listed)
            return;
        position.Listed = true;
        _added.Add(new Holder(account, position));
    }

    /// <summary>The accounts with an open position, in account-id order (valid until the next position change).</summary>
    public View InIdOrder()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            var p = _positions[i];
            if (_lots[i] == 0)
            {
                p.Listed = false;
                p.Slot = -1;
                continue;
            }

            if (kept != i)
            {
                _accounts[kept] = _accounts[i];
                _positions[kept] = p;
                _lots[kept] = _lots[i];
                p.Slot = kept;
            }

            kept++;
        }

        Array.Clear(_accounts, kept, _count - kept);
        Array.Clear(_positions, kept, _count - kept);
        _count = kept;
        if (_added.Count > 0)
        {
            var added = new List<Holder>(_added.Count);
            foreach (var h in _added)
            {
                if (h.Position.IsFlat)
                    h.Position.Listed = false;
                else
                    added.Add(h);
            }

            _added.Clear();
            // Mostly in order (a seeded population, then a backstop's first position): sorted by runs, where an introsort
            // of a million sorted holders was 1.3 s of the 1M crash's first ADL queue in the profile.
            Numbers.AscendingRuns.Sort(added, static (a, b) => string.CompareOrdinal(a.Account.Id.Value, b.Account.Id.Value));
            if (added.Count > 0)
                Merge(added);
        }

        return new View(_accounts.AsSpan(0, _count), _positions.AsSpan(0, _count), _lots.AsSpan(0, _count));
    }

    private void Merge(List<Holder> added)
    {
        int n = _count + added.Count;
        if (_count == 0 || Before(_accounts[_count - 1], added[0].Account))
        {
            // all after the last: append (ids that arrive in order, as a seeded population's do)
            if (n > _accounts.Length)
                // An eighth more, not twice: a seeded million plus the first backstop's position doubled three arrays
                // (24 bytes a holder of slack, kept for good); appends after the seed are few (new traders, backstops).
                Grow(Math.Max(n, _accounts.Length + _accounts.Length / 8 + 4));
            for (int k = 0; k < added.Count; k++)
                Put(_count + k, added[k].Account, added[k].Position);
        }
        else
        {
            var accounts = _accounts;
            var positions = _positions;
            int count = _count;
            int size = Math.Max(n, _accounts.Length);
            _accounts = new Account[size];
            _positions = new Position[size];
            _lots = new long[size];
            int i = 0, k = 0, o = 0;
            while (i < count && k < added.Count)
            {
                if (Before(accounts[i], added[k].Account))
                {
                    Put(o++, accounts[i], positions[i]);
                    i++;
                }
                else
                {
                    Put(o++, added[k].Account, added[k].Position);
                    k++;
                }
            }

            for (; i < count; i++)
                Put(o++, accounts[i], positions[i]);
            for (; k < added.Count; k++)
                Put(o++, added[k].Account, added[k].Position);
        }

        _count = n;
    }

    private void Put(int slot, Account account, Position position)
    {
        _accounts[slot] = account;
        _positions[slot] = position;
        _lots[slot] = position.Quantity.Lots;
        position.Slot = slot;
    }

    private void Grow(int size)
    {
        Array.Resize(ref _accounts, size);
        Array.Resize(ref _positions, size);
        Array.Resize(ref _lots, size);
    }

    private static bool Before(Account a, Account b) => string.CompareOrdinal(a.Id.Value, b.Id.Value) < 0;

    /// <summary>The holders in account-id order, as parallel spans (valid until the next position change).</summary>
    internal readonly ref struct View(ReadOnlySpan<Account> accounts, ReadOnlySpan<Position> positions, ReadOnlySpan<long> lots)
    {
        /// <summary>The accounts.</summary>
        public ReadOnlySpan<Account> Accounts { get; } = accounts;

        /// <summary>Their positions here.</summary>
        public ReadOnlySpan<Position> Positions { get; } = positions;

        /// <summary>Their signed sizes in lots (never zero).</summary>
        public ReadOnlySpan<long> Lots { get; } = lots;

        /// <summary>Number of holders.</summary>
        public int Length => Accounts.Length;

        /// <summary>Walks the holders as (account, position) pairs.</summary>
        public Enumerator GetEnumerator() => new(Accounts, Positions);
    }

    /// <summary>Enumerates a <see cref="View"/>.</summary>
    internal ref struct Enumerator(ReadOnlySpan<Account> accounts, ReadOnlySpan<Position> positions)
    {
        private readonly ReadOnlySpan<Account> _accounts = accounts;
        private readonly ReadOnlySpan<Position> _positions = positions;
        private int _i = -1;

        /// <summary>The current holder.</summary>
        public readonly Holder Current => new(_accounts[_i], _positions[_i]);

        /// <summary>Moves to the next holder.</summary>
        public bool MoveNext() => ++_i < _accounts.Length;
    }
}
