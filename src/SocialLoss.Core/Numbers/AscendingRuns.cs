using System.Runtime.InteropServices;

namespace SocialLoss.Core.Numbers;

/// <summary>
/// Sorting of lists that are mostly in order already: the list is cut into its ascending runs, which are merged pairwise,
/// O(n log r) for r runs, O(n) when sorted. The lists of new accounts and new holders the engine merges into its id-ordered
/// arrays are one long run (a seeded or restored population in id order) plus a few stragglers (the built-in and backstop
/// accounts, a backstop's first position): an introsort of them re-sorted a million sorted names.
/// </summary>
internal static class AscendingRuns
{
    /// <summary>Past this many runs the list is not "mostly in order": an ordinary sort does it.</summary>
    private const int MaxRuns = 64;

    /// <summary>Sorts <paramref name="items"/> by <paramref name="compare"/> (a total order: equal items keep no particular order).</summary>
    public static void Sort<T>(List<T> items, Comparison<T> compare)
    {
        var span = CollectionsMarshal.AsSpan(items);
        var starts = new List<int> { 0 };
        for (int i = 1; i < span.Length; i++)
        {
            if (compare(span[i - 1], span[i]) <= 0)
                continue;
            if (starts.Count == MaxRuns)
            {
                items.Sort(compare);
                return;
            }

            starts.Add(i);
        }

        if (starts.Count == 1)
            return;
        starts.Add(span.Length);
        var source = span.ToArray();
        var target = new T[span.Length];
        while (starts.Count > 2)
        {
            var merged = new List<int> { 0 };
            for (int r = 0; r + 1 < starts.Count; r += 2)
            {
                int lo = starts[r], mid = starts[r + 1], hi = r + 2 < starts.Count ? starts[r + 2] : mid;
                Merge(source, lo, mid, hi, target, compare);
                merged.Add(hi);
            }

            (source, target) = (target, source);
            starts = merged;
        }

        source.AsSpan().CopyTo(span);
    }

    private static void Merge<T>(T[] source, int lo, int mid, int hi, T[] target, Comparison<T> compare)
    {
        int i = lo, k = mid, o = lo;
        while (i < mid && k < hi)
            target[o++] = compare(source[k], source[i]) < 0 ? source[k++] : source[i++];
        while (i < mid)
            target[o++] = source[i++];
        while (k < hi)
            target[o++] = source[k++];
    }
}
