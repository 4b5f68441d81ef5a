namespace SocialLoss.Core.Numbers;

/// <summary>
/// Selection of the first <c>k</c> items of a span under a total order, in expected linear time (quickselect with a
/// fixed-seed pivot sequence). The order must be total (ties broken, e.g. by index), so the selected set is unique and
/// the result never depends on the pivots: only the running time does.
/// </summary>
internal static class TopK
{
    /// <summary>Reorders <paramref name="items"/> so its first <paramref name="k"/> are the k smallest under <paramref name="order"/>; returns them (unordered).</summary>
    public static Span<int> Select<TOrder>(Span<int> items, int k, TOrder order)
        where TOrder : IComparer<int>
    {
        if (k >= items.Length)
            return items;
        if (k <= 0)
            return [];
        int lo = 0, hi = items.Length - 1;
        ulong seed = 0x9E3779B97F4A7C15UL;
        while (hi > lo)
        {
            seed = unchecked(seed * 6364136223846793005UL + 1442695040888963407UL);
            int p = lo + (int)((seed >> 33) % (ulong)(hi - lo + 1));
            var pivot = items[p];
            // Lomuto partition around the pivot item: [lo, store) < pivot, (store, hi] > pivot.
            (items[p], items[hi]) = (items[hi], items[p]);
            int store = lo;
            for (int i = lo; i < hi; i++)
            {
                if (order.Compare(items[i], pivot) < 0)
                {
                    (items[i], items[store]) = (items[store], items[i]);
                    store++;
                }
            }

            (items[store], items[hi]) = (items[hi], items[store]);
            // items[store] is the pivot at its final rank
            if (store == k - 1 || store == k)
                break;
            if (store < k)
                lo = store + 1;
            else
                hi = store - 1;
        }

        return items[..k];
    }
}
