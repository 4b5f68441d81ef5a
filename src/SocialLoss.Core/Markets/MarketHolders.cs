using SocialLoss.Core.Accounts;

namespace SocialLoss.Core.Markets;

/// <summary>
/// The accounts holding a position in one market, in account-id order, so that a funding visits only them, in the
/// order a scan of every account would. Kept lazily: an opened position is appended (unsorted) and a closed one stays
/// until the next <see cref="InIdOrder"/>, which drops the flat, sorts the new and merges them in: O(n + k log k),
/// no more than the funding that asks for them costs anyway, and nothing at all on the trade path.
/// </summary>
internal sealed class MarketHolders
{
    /// <summary>A holder and its position in this market.</summary>
    internal readonly record struct Holder(Account Account, Position Position);

    private Holder[] _sorted = [];
    private int _count;
    private readonly List<Holder> _added = [];

    /// <summary>Notes a position that may have opened; a no-op when flat or already listed.</summary>
    public void Note(Account account, Position position)
    {
        if (position.IsFlat || position.Listed)
            return;
        position.Listed = true;
        _added.Add(new Holder(account, position));
    }

    /// <summary>The accounts with an open position, in account-id order (valid until the next position change).</summary>
    public ReadOnlySpan<Holder> InIdOrder()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            var h = _sorted[i];
            if (h.Position.IsFlat)
                h.Position.Listed = false;
            else
                _sorted[kept++] = h;
        }

        Array.Clear(_sorted, kept, _count - kept);
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

        return _sorted.AsSpan(0, _count);
    }

    private void Merge(List<Holder> added)
    {
        int n = _count + added.Count;
        if (_count == 0 || Before(_sorted[_count - 1], added[0]))
        {
            // all after the last: append (ids that arrive in order, as a seeded population's do)
            if (n > _sorted.Length)
                Array.Resize(ref _sorted, Math.Max(n, 2 * _sorted.Length));
            added.CopyTo(_sorted, _count);
        }
        else
        {
            var merged = new Holder[Math.Max(n, _sorted.Length)];
            int i = 0, k = 0, o = 0;
            while (i < _count && k < added.Count)
                merged[o++] = Before(_sorted[i], added[k]) ? _sorted[i++] : added[k++];
            while (i < _count)
                merged[o++] = _sorted[i++];
            while (k < added.Count)
                merged[o++] = added[k++];
            _sorted = merged;
        }

        _count = n;
    }

    private static bool Before(Holder a, Holder b) => string.CompareOrdinal(a.Account.Id.Value, b.Account.Id.Value) < 0;
}
