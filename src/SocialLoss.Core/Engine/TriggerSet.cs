using SocialLoss.Core.Accounts;

namespace SocialLoss.Core.Engine;

/// <summary>
/// The liquidation triggers of one side of one market, sorted by (trigger, account id): a list of sorted blocks
/// of at most <see cref="BlockSize"/> entries (a two-level B-tree). Against a red-black tree: 24 bytes an entry
/// instead of a 56-byte node, no allocation per insert, sequential memory for the range walks of a mark, and a
/// bulk <see cref="Rebuild"/> in one sort when a funding moves every trigger of a side.
/// </summary>
internal sealed class TriggerSet
{
    private const int BlockSize = 256;

    /// <summary>One filed account: its trigger in ticks, and its <see cref="Account.Ordinal"/> as the tie-break.</summary>
    internal readonly record struct Entry(long Trigger, long Ordinal, Account Account) : IComparable<Entry>
    {
        /// <summary>
        /// Trigger, then the account's ordinal (unique in a ledger): two integer comparisons, no dereference of the
        /// account or its name, which at a million accounts are cache misses. The order among equal triggers does not
        /// matter to the results: the candidates go to the sweep queue, which orders them by id.
        /// </summary>
        public int CompareTo(Entry other)
        {
            int c = Trigger.CompareTo(other.Trigger);
            return c != 0 ? c : Ordinal.CompareTo(other.Ordinal);
        }
    }

    private sealed class Block(int capacity)
    {
        public readonly Entry[] Items = new Entry[capacity];
        public int Count;

        public Entry Last => Items[Count - 1];
    }

    private readonly List<Block> _blocks = [];

    // The last entry of each block, side by side: finding a block was a binary search that loaded a block and its array
    // at each step (two cache misses at a million accounts), most of a filing's removal and insertion in the 1M gap.
    private readonly List<Entry> _lasts = [];

    /// <summary>Number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Files an entry (not filed yet).</summary>
    public void Add(Entry e)
    {
        if (_blocks.Count == 0)
        {
            _blocks.Add(new Block(BlockSize));
            _lasts.Add(e);
        }

        int bi = FindBlock(e);
        var b = _blocks[bi];
        int i = Array.BinarySearch(b.Items, 0, b.Count, e);
        if (i >= 0)
            throw new InvalidOperationException($"{e.Account.Id} is filed twice");
        i = ~i;
        if (b.Count == BlockSize)
        {
            const int half = BlockSize / 2;
            var upper = new Block(BlockSize);
            Array.Copy(b.Items, half, upper.Items, 0, BlockSize - half);
            Array.Clear(b.Items, half, BlockSize - half);
            upper.Count = BlockSize - half;
            b.Count = half;
            _blocks.Insert(bi + 1, upper);
            _lasts[bi] = b.Last;
            _lasts.Insert(bi + 1, upper.Last);
            if (i > half)
            {
                b = upper;
                i -= half;
                bi++;
            }
        }

        Array.Copy(b.Items, i, b.Items, i + 1, b.Count - i);
        b.Items[i] = e;
        b.Count++;
        Count++;
        if (i == b.Count - 1)
            _lasts[bi] = e;
    }

    /// <summary>Removes a filed entry.</summary>
    public void Remove(Entry e)
    {
        int bi = _blocks.Count == 0 ? -1 : FindBlock(e);
        var b = bi < 0 ? null : _blocks[bi];
        int i = b is null ? -1 : Array.BinarySearch(b.Items, 0, b.Count, e);
        if (i < 0)
            throw new InvalidOperationException($"{e.Account.Id} is not filed at {e.Trigger}");
        RemoveAt(bi, b!, i);
    }

    private void RemoveAt(int bi, Block b, int i)
    {
        Array.Copy(b.Items, i + 1, b.Items, i, b.Count - i - 1);
        b.Count--;
        b.Items[b.Count] = default;
        Count--;
        if (b.Count == 0)
        {
            _blocks.RemoveAt(bi);
            _lasts.RemoveAt(bi);
        }
        else if (i == b.Count)
            _lasts[bi] = b.Last;
    }

    /// <summary>
    /// Gives a filed entry a new key (same account): where the new key still sorts inside the entry's block, the entries
    /// between its old and new slot shift by one; else a removal and an insertion. A trade moves both accounts' triggers
    /// a little, so the common case is one block search, two binary searches in one block and a short shift, where a
    /// removal and an insertion took two of each and two half-block shifts.
    /// </summary>
    public void Move(Entry old, Entry now)
    {
        int bi = _blocks.Count == 0 ? -1 : FindBlock(old);
        var b = bi < 0 ? null : _blocks[bi];
        int i = b is null ? -1 : Array.BinarySearch(b.Items, 0, b.Count, old);
        if (i < 0)
            throw new InvalidOperationException($"{old.Account.Id} is not filed at {old.Trigger}");
        // The new key may stay in this block when it sorts after the previous block's last entry and before the next
        // block's first: every block is then still sorted, and so is their sequence.
        bool fits = (bi == 0 || _blocks[bi - 1].Last.CompareTo(now) < 0)
                    && (bi == _blocks.Count - 1 || now.CompareTo(_blocks[bi + 1].Items[0]) < 0);
        int j = fits ? Array.BinarySearch(b!.Items, 0, b.Count, now) : -1;
        if (!fits || j >= 0)
        {
            RemoveAt(bi, b!, i); // elsewhere (or a duplicate, which Add reports)
            Add(now);
            return;
        }

        j = ~j; // its slot with the old entry still in place
        var items = b!.Items;
        if (j > i)
        {
            Array.Copy(items, i + 1, items, i, j - 1 - i);
            items[j - 1] = now;
        }
        else
        {
            Array.Copy(items, j, items, j + 1, i - j);
            items[j] = now;
        }

        _lasts[bi] = b.Last; // the block's last entry may have moved (it still sorts before the next block's first)
    }

    /// <summary>Every entry, in order.</summary>
    public IEnumerable<Entry> All()
    {
        foreach (var b in _blocks)
            for (int i = 0; i < b.Count; i++)
                yield return b.Items[i];
    }

    /// <summary>Queues every account with trigger ≥ <paramref name="trigger"/>, highest first.</summary>
    public void AtOrAbove(long trigger, SweepQueue into)
    {
        for (int bi = _blocks.Count - 1; bi >= 0; bi--)
        {
            var b = _blocks[bi];
            for (int i = b.Count - 1; i >= 0; i--)
            {
                if (b.Items[i].Trigger < trigger)
                    return;
                into.Add(b.Items[i].Account.Id.Value);
            }
        }
    }

    /// <summary>Queues every account with trigger ≤ <paramref name="trigger"/>, lowest first.</summary>
    public void AtOrBelow(long trigger, SweepQueue into)
    {
        foreach (var b in _blocks)
        {
            for (int i = 0; i < b.Count; i++)
            {
                if (b.Items[i].Trigger > trigger)
                    return;
                into.Add(b.Items[i].Account.Id.Value);
            }
        }
    }

    /// <summary>
    /// Gives every entry its account's new trigger (<paramref name="trigger"/> of the entry, same accounts), in place and in one
    /// sequential walk: no removal, no insertion, no allocation. When the new triggers keep the old order (they do for a uniform move of a side: see
    /// <see cref="LiquidationIndex.RekeySide"/>) that is all; otherwise the side is re-sorted, nearly sorted as it is.
    /// </summary>
    public void Rekey<TState>(Func<Entry, TState, long> trigger, TState state)
    {
        bool sorted = true, first = true;
        Entry previous = default;
        foreach (var b in _blocks)
        {
            var items = b.Items;
            for (int i = 0; i < b.Count; i++)
            {
                var e = items[i] with { Trigger = trigger(items[i], state) }; // by the entry's ordinal: no look at the account
                items[i] = e;
                if (!first && previous.CompareTo(e) > 0)
                    sorted = false;
                previous = e;
                first = false;
            }
        }

        if (sorted)
        {
            for (int k = 0; k < _blocks.Count; k++)
                _lasts[k] = _blocks[k].Last; // the keys the block search goes by moved with their entries
            return;
        }

        var all = new Entry[Count];
        int n = 0;
        foreach (var b in _blocks)
        {
            Array.Copy(b.Items, 0, all, n, b.Count);
            n += b.Count;
        }

        Rebuild(all);
    }

    /// <summary>
    /// Replaces the content with <paramref name="entries"/> (any order, no duplicates; sorted in place), in one sort;
    /// <paramref name="nearlySorted"/> false when they are in no particular order (an insertion sort would only give up).
    /// </summary>
    public void Rebuild(Span<Entry> entries, bool nearlySorted = true)
    {
        if (nearlySorted)
            SortNearlySorted(entries);
        else
            entries.Sort();
        int count = entries.Length;
        _blocks.Clear();
        _lasts.Clear();
        const int fill = BlockSize * 7 / 8; // room for inserts before the first split
        for (int start = 0; start < count; start += fill)
        {
            var b = new Block(BlockSize) { Count = Math.Min(fill, count - start) };
            entries.Slice(start, b.Count).CopyTo(b.Items);
            _blocks.Add(b);
            _lasts.Add(b.Last);
        }

        Count = count;
    }

    /// <summary>
    /// Sorts in place: an insertion sort while the entries are nearly in order (a funding's side, walked in its old order
    /// with the new triggers, has only local inversions), a full sort once the moves pass a budget linear in the count.
    /// The result is the same either way: the order is total (trigger, then ordinal).
    /// </summary>
    private static void SortNearlySorted(Span<Entry> entries)
    {
        long budget = 4L * entries.Length + 1024;
        for (int i = 1; i < entries.Length; i++)
        {
            var x = entries[i];
            int j = i - 1;
            while (j >= 0 && entries[j].CompareTo(x) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
                if (--budget < 0)
                {
                    entries[j + 1] = x; // the shifted run has one duplicate at j + 1: x restores the permutation
                    entries.Sort();
                    return;
                }
            }

            entries[j + 1] = x;
        }
    }

    /// <summary>The first block whose last entry is at or after <paramref name="e"/> (the last block if none).</summary>
    private int FindBlock(Entry e)
    {
        int lo = 0, hi = _blocks.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_lasts[mid].CompareTo(e) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo;
    }
}
