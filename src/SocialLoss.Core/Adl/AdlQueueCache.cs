using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>
/// The ADL queues of the markets, kept between liquidations: built once after a mark (scores depend on the
/// marks), then only the accounts that events touched since are scored again, so choosing the next
/// counterparty in a cascade costs O(log n) instead of re-ranking every opposing position. Gives exactly the
/// order of <see cref="AdlQueue.Build"/> (tested); the <c>dydx</c> walk, which moves with every event, is not cached.
/// </summary>
internal sealed class AdlQueueCache
{
    private readonly record struct Entry(AdlScore Score, string Id);

    private sealed class QueueOrder : IComparer<Entry>
    {
        public static readonly QueueOrder Instance = new();

        public int Compare(Entry a, Entry b)
        {
            int c = b.Score.CompareTo(a.Score); // highest score first
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        }
    }

    private sealed class Queue(List<Entry> entries)
    {
        // Built in one go: the set sorts a copy and links the tree from the sorted array in O(n), where inserting the
        // ~500k positions of a side one by one (a rebalancing each) was most of a liquidating mark's time.
        public readonly SortedSet<Entry> Order = new(entries, QueueOrder.Instance);
        public readonly Dictionary<string, Entry> Members = Index(entries);
        public readonly HashSet<string> Dirty = new(StringComparer.Ordinal);

        private static Dictionary<string, Entry> Index(List<Entry> entries)
        {
            var members = new Dictionary<string, Entry>(entries.Count, StringComparer.Ordinal);
            foreach (var e in entries)
                members.Add(e.Id, e);
            return members;
        }
    }

    private readonly Dictionary<(string Market, int Side), Queue> _queues = new();

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
            var scored = AdlQueue.Scored(ledger, market, side, ranking);
            var entries = new List<Entry>(scored.Count);
            foreach (var c in scored) // one per account: the ids are distinct, so the set drops none
                entries.Add(new Entry(c.Score, c.Account.Id.Value));
            q = new Queue(entries);
            _queues[(market.Value, side)] = q;
        }
        else
        {
            foreach (var id in q.Dirty)
            {
                if (q.Members.Remove(id, out var old))
                    q.Order.Remove(old);
                var account = ledger.Account(new AccountId(id));
                if (account is null || account.IsBuiltIn || account.QuantityIn(market).Sign != side)
                    continue;
                Add(q, id, AdlRanking.Score(ranking, ledger, account, market));
            }
        }

        q.Dirty.Clear();
        return Enumerate(ledger, q, market);
    }

    private static IEnumerable<AdlCandidate> Enumerate(Ledger ledger, Queue q, MarketId market)
    {
        foreach (var e in q.Order)
        {
            var account = ledger.Account(new AccountId(e.Id))!;
            yield return new AdlCandidate(account, account.QuantityIn(market), e.Score);
        }
    }

    private static void Add(Queue q, string id, AdlScore score)
    {
        var entry = new Entry(score, id);
        q.Order.Add(entry);
        q.Members[id] = entry;
    }
}
