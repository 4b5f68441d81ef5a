using System.Text;

namespace SocialLoss.Contract;

/// <summary>
/// Account and market names keyed on their UTF-8 bytes, so a name seen before costs a hash and a compare, not a
/// new string: a JSONL stream names the same few thousand accounts millions of times. Bounded: past
/// <see cref="MaxEntries"/> names it still answers, with a fresh string each time.
/// </summary>
public sealed class Utf8Interner
{
    /// <summary>The most names kept; a stream with more distinct names gets fresh strings for the rest.</summary>
    public const int MaxEntries = 1 << 21; // ~100 B each: a stream of made-up names cannot take more than ~200 MB here

    private int[] _buckets = new int[1024]; // entry index + 1; 0 = empty
    private Entry[] _entries = new Entry[1024];
    private int _count;

    private struct Entry
    {
        public int Hash;
        public int Next; // entry index + 1 of the next in the bucket; 0 = none
        public byte[]? Key; // null for an ASCII name: compared with Value itself
        public string Value;
    }

    /// <summary>Names held.</summary>
    public int Count => _count;

    /// <summary>The string of <paramref name="utf8"/> (decoded as the slow path would, invalid bytes as U+FFFD), shared across calls.</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        int hash = Hash(utf8);
        for (int i = _buckets[hash & (_buckets.Length - 1)]; i != 0; i = _entries[i - 1].Next)
        {
            ref var e = ref _entries[i - 1];
            // An ASCII name (every valid account and market id) is compared with its string, not a copy of its bytes: one
            // object fewer to load per look-up (at 100,000 accounts each is a cache miss; the interner was a tenth of the
            // trade/mark end to end), and the string is the one the engine's look-up reads next anyway.
            if (e.Hash == hash && (e.Key is { } key ? utf8.SequenceEqual(key) : System.Text.Ascii.Equals(utf8, e.Value)))
                return e.Value;
        }

        var value = Encoding.UTF8.GetString(utf8);
        if (_count >= MaxEntries)
            return value;
        if (_count == _entries.Length)
            Grow();
        int bucket = hash & (_buckets.Length - 1);
        _entries[_count] = new Entry { Hash = hash, Next = _buckets[bucket], Key = System.Text.Ascii.IsValid(utf8) ? null : utf8.ToArray(), Value = value };
        _buckets[bucket] = ++_count;
        return value;
    }

    private void Grow()
    {
        Array.Resize(ref _entries, _entries.Length * 2);
        _buckets = new int[_entries.Length];
        for (int i = 0; i < _count; i++)
        {
            ref var e = ref _entries[i];
            int bucket = e.Hash & (_buckets.Length - 1);
            e.Next = _buckets[bucket];
            _buckets[bucket] = i + 1;
        }
    }

    // HashCode is seeded per process, so names crafted to collide cannot turn the table into a list.
    private static int Hash(ReadOnlySpan<byte> s)
    {
        var h = new HashCode();
        h.AddBytes(s);
        return h.ToHashCode();
    }
}
