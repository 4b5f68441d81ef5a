using System.Runtime.InteropServices;
using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>
/// The ADL queues of the markets, kept between liquidations: scored once after a mark (scores depend on the
/// marks), then only the accounts that events touched since are scored again. Gives exactly the order of
/// <see cref="AdlQueue.Build"/> (tested); the <c>dydx</c> walk, which moves with every event, is not cached.
/// <para>
/// A queue is sorted lazily, as far as it is read: a cascade reads the first few winners of a side of ~500k
/// positions, so sorting the whole side (and linking a tree of it) after every liquidating mark was most of the 1M
/// crash. The queue keeps a sorted head and an unsorted rest, every live entry of the rest ranked after every entry
/// of the head (after <see cref="Queue.Boundary"/>); reading past the head pops the next best chunk off the rest, which
/// the first such read makes a heap (O(n)), so reading k winners costs O(n + k log n), a full read O(n log n) as a sort.
/// </para>
/// </summary>
internal sealed class AdlQueueCache(int firstChunk = AdlQueueCache.DefaultFirstChunk)
{
    /// <summary>Size of the first chunk sorted into a queue's head: more than a cascade usually reads.</summary>
    public const int DefaultFirstChunk = 256;

    /// <summary>Chunks double up to this: a larger one only makes the head's insertions and removals move more.</summary>
    private const int MaxChunk = 4096;

    private readonly int _firstChunk = firstChunk >= 1 ? firstChunk : throw new ArgumentOutOfRangeException(nameof(firstChunk));

    /// <summary>
    /// A score of one account. <paramref name="Version"/> tells a live entry of the rest from a stale one: −ordinal for
    /// the entry of the build (a bit in <see cref="Queue.Built"/> records it), a number from a counter for one scored again.
    /// </summary>
    private readonly record struct Entry(AdlScore Score, Account Account, long Version);

    private sealed class QueueOrder : IComparer<Entry>
    {
        public static readonly QueueOrder Instance = new();

        public int Compare(Entry a, Entry b)
        {
            int c = b.Score.CompareTo(a.Score); // highest score first
            return c != 0 ? c : string.CompareOrdinal(a.Account.Id.Value, b.Account.Id.Value);
        }
    }

    /// <summary>Queue order reversed: the head is kept worst first, so the winners a cascade takes are removed from its end.</summary>
    private sealed class Reversed : IComparer<Entry>
    {
        public static readonly Reversed Instance = new();

        public int Compare(Entry a, Entry b) => QueueOrder.Instance.Compare(b, a);
    }

    private sealed class Queue(List<Entry> rest, System.Collections.BitArray built, int firstChunk)
    {
        /// <summary>
        /// By ordinal, the accounts whose entry of the build is still live (in the head or the rest): so superseding one
        /// marks a version stale only when that entry exists, and the stale set holds no version of nothing (the ~50k
        /// liquidated accounts of the other side touch every queue).
        /// </summary>
        public readonly System.Collections.BitArray Built = built;

        /// <summary>The best entries, in reverse queue order (the first in the queue last).</summary>
        public readonly List<Entry> Head = [];

        /// <summary>The entry in the head of each account there, by <see cref="Account.Ordinal"/>.</summary>
        public readonly Dictionary<long, Entry> InHead = [];

        /// <summary>
        /// Every other entry, but for those whose version is in <see cref="Stale"/>: unsorted until the first
        /// <see cref="Extend"/>, a binary heap (the first in queue order at the root) from then on.
        /// </summary>
        public readonly List<Entry> Rest = rest;

        /// <summary>The rest is a heap.</summary>
        public bool Heaped;

        /// <summary>The version of the rest's entry of each account scored again since the build, by ordinal.</summary>
        public readonly Dictionary<long, long> RestVersion = [];

        /// <summary>Versions of the rest's entries superseded and not dropped yet.</summary>
        public readonly HashSet<long> Stale = [];

        public readonly HashSet<string> Dirty = new(StringComparer.Ordinal);

        /// <summary>The last entry (by queue order) the head may hold; null while the head is empty.</summary>
        public Entry? Boundary;

        /// <summary>The rest holds no live entry: the head is the whole queue.</summary>
        public bool Complete;

        public int Chunk = firstChunk;

        /// <summary>Whether an entry belongs in the head (else in the rest).</summary>
        public bool BelongsInHead(in Entry e) => Complete || (Boundary is { } b && QueueOrder.Instance.Compare(e, b) <= 0);
    }

    private readonly Dictionary<(string Market, int Side), Queue> _queues = new();

    private long _version;

    /// <summary>Every score may have moved (a mark): drop the queues.</summary>
    public void Invalidate() => _queues.Clear();

    /// <summary>An event changed this account: score it again before the next use.</summary>
    public void Touch(string account)
    {
        foreach (var q in _queues.Values)
            q.Dirty.Add(account);
    }

    /// <summary>The queue of one side of a market, highest score first, ties by account id.</summary>
    public IEnumerable<AdlCandidate> Get(Ledger ledger, MarketId market, int side)
    {
        var ranking = ledger.Config.AdlRanking;
        if (ranking == AdlRankingKind.Dydx)
            return AdlQueue.Build(ledger, market, side, ranking);
        if (!_queues.TryGetValue((market.Value, side), out var q))
        {
            q = Build(ledger, market, side, ranking);
            _queues[(market.Value, side)] = q;
        }
        else
        {
            foreach (var id in q.Dirty)
                if (ledger.Account(new AccountId(id)) is { } account)
                    Rescore(q, ledger, account, market, side, ranking);
        }

        q.Dirty.Clear();
        return Enumerate(q, market);
    }

    /// <summary>Takes the account's entry out of the queue and puts in its new one, if it is still on the side.</summary>
    private void Rescore(Queue q, Ledger ledger, Account account, MarketId market, int side, AdlRankingKind ranking)
    {
        long ordinal = account.Ordinal;
        bool builtLive = ordinal < q.Built.Length && q.Built[(int)ordinal];
        if (builtLive)
            q.Built[(int)ordinal] = false; // superseded now, wherever it is
        if (q.InHead.Remove(ordinal, out var old))
            q.Head.RemoveAt(q.Head.BinarySearch(old, Reversed.Instance));
        else if (q.RestVersion.Remove(ordinal, out long version))
            q.Stale.Add(version);
        else if (builtLive)
            q.Stale.Add(-ordinal); // its entry of the build, in the rest
        var position = account.PositionIn(market);
        if (account.IsBuiltIn || position is null || position.Quantity.Sign != side)
            return;
        var e = new Entry(AdlRanking.Score(ranking, ledger, account, position.Market!, position), account, ++_version);
        if (q.BelongsInHead(e))
        {
            q.Head.Insert(~q.Head.BinarySearch(e, Reversed.Instance), e);
            q.InHead[ordinal] = e;
        }
        else
        {
            if (q.Heaped)
                Push(q.Rest, e);
            else
                q.Rest.Add(e);
            q.RestVersion[ordinal] = e.Version;
        }
    }

    /// <summary>Scores every margined position of the side, as <see cref="AdlQueue.Scored"/> does, into a queue with nothing sorted yet.</summary>
    private Queue Build(Ledger ledger, MarketId market, int side, AdlRankingKind ranking)
    {
        var rest = new List<Entry>();
        var built = new System.Collections.BitArray(ledger.Accounts.Count + 1);
        if (ledger.Market(market) is { } ms)
        {
            var holders = ms.Holders.InIdOrder();
            rest.Capacity = holders.Length;
            foreach (var holder in holders)
            {
                var account = holder.Account;
                if (account.IsBuiltIn || holder.Position.Quantity.Sign != side)
                    continue;
                rest.Add(new Entry(AdlRanking.Score(ranking, ledger, account, ms, holder.Position), account, -account.Ordinal));
                if (account.Ordinal < built.Length)
                    built[(int)account.Ordinal] = true;
            }
        }

        return new Queue(rest, built, _firstChunk) { Complete = rest.Count == 0 };
    }

    /// <summary>
    /// The queue in order, from the end of the head, which only grows at its start while a caller reads (the events that
    /// change scores come after the read, and are applied at the next <see cref="Get"/>).
    /// </summary>
    private static IEnumerable<AdlCandidate> Enumerate(Queue q, MarketId market)
    {
        for (int read = 0; ; read++)
        {
            if (read == q.Head.Count && !Extend(q))
                yield break;
            var e = q.Head[q.Head.Count - 1 - read];
            yield return new AdlCandidate(e.Account, e.Account.QuantityIn(market), e.Score);
        }
    }

    /// <summary>
    /// Moves the best chunk of the rest into the head (in front: all of it ranks after the head), dropping stale entries
    /// on the way; false when the rest has no live entry left. The first time, the rest becomes a heap (O(n)); then each
    /// chunk costs O(k log n), where a selection over the whole rest each time (O(n) a chunk) was a scan of ~500k
    /// entries per chunk through the 1M gap's ~40k winners.
    /// </summary>
    private static bool Extend(Queue q)
    {
        if (q.Complete)
            return false;
        var rest = q.Rest;
        if (!q.Heaped)
        {
            if (q.Stale.Count > 0)
            {
                // Staleness by version in a small set: asking each of ~500k entries' account for its current entry would
                // dereference every account (a cache miss each at a million accounts).
                rest.RemoveAll(e => q.Stale.Contains(e.Version));
                q.Stale.Clear();
            }

            Heapify(CollectionsMarshal.AsSpan(rest));
            q.Heaped = true;
        }

        var best = new List<Entry>(Math.Min(q.Chunk, rest.Count));
        while (best.Count < q.Chunk && rest.Count > 0)
        {
            var e = Pop(rest);
            if (!q.Stale.Remove(e.Version)) // a stale one is dropped (its version leaves the set with it)
                best.Add(e);
        }

        q.Chunk = Math.Min(MaxChunk, 2 * q.Chunk);
        q.Complete = rest.Count == 0;
        if (best.Count == 0)
            return false;
        best.Reverse(); // popped best first; the head is worst first
        q.Head.InsertRange(0, best);
        foreach (var e in best)
        {
            q.InHead[e.Account.Ordinal] = e;
            q.RestVersion.Remove(e.Account.Ordinal);
        }

        q.Boundary = best[0];
        return true;
    }

    private static bool Before(in Entry a, in Entry b) => QueueOrder.Instance.Compare(a, b) < 0;

    /// <summary>Makes <paramref name="heap"/> a binary heap, the first in queue order at the root (Floyd, O(n)).</summary>
    private static void Heapify(Span<Entry> heap)
    {
        for (int i = heap.Length / 2 - 1; i >= 0; i--)
            SiftDown(heap, i);
    }

    private static void SiftDown(Span<Entry> heap, int i)
    {
        var x = heap[i];
        while (true)
        {
            int c = 2 * i + 1;
            if (c >= heap.Length)
                break;
            if (c + 1 < heap.Length && Before(heap[c + 1], heap[c]))
                c++;
            if (!Before(heap[c], x))
                break;
            heap[i] = heap[c];
            i = c;
        }

        heap[i] = x;
    }

    private static void Push(List<Entry> heap, Entry e)
    {
        heap.Add(e);
        var h = CollectionsMarshal.AsSpan(heap);
        int i = h.Length - 1;
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Before(e, h[parent]))
                break;
            h[i] = h[parent];
            i = parent;
        }

        h[i] = e;
    }

    private static Entry Pop(List<Entry> heap)
    {
        var h = CollectionsMarshal.AsSpan(heap);
        var top = h[0];
        h[0] = h[^1];
        heap.RemoveAt(heap.Count - 1);
        if (heap.Count > 1)
            SiftDown(CollectionsMarshal.AsSpan(heap), 0);
        return top;
    }
}
