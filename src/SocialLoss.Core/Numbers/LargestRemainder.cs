namespace SocialLoss.Core.Numbers;

/// <summary>
/// Splits a whole amount in proportion to weights so the parts sum exactly to the whole: each part
/// gets the floor of its exact share, and the units left over go one each to the largest fractional
/// remainders, ties to the lower index (callers order by account id, so ties break by account id).
/// </summary>
public static class LargestRemainder
{
    /// <summary>
    /// Parts of <paramref name="total"/> (≥ 0) proportional to <paramref name="weights"/> (each ≥ 0, sum &gt; 0).
    /// No part exceeds <c>ceil(total x weight / sum)</c>, so when <c>total ≤ sum</c> no part exceeds its weight.
    /// </summary>
    public static long[] Split(long total, ReadOnlySpan<long> weights)
    {
        if (total < 0)
            throw new ArgumentOutOfRangeException(nameof(total), "must not be negative");
        Int128 sum = 0;
        foreach (var w in weights)
        {
            if (w < 0)
                throw new ArgumentOutOfRangeException(nameof(weights), "weights must not be negative");
            sum += w;
        }

        var parts = new long[weights.Length];
        if (total == 0)
            return parts;
        if (sum == 0)
            throw new ArgumentException("weights sum to zero", nameof(weights));

        var remainders = new Int128[weights.Length];
        long given = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            var (quotient, remainder) = Int128.DivRem((Int128)total * weights[i], sum);
            parts[i] = (long)quotient;
            remainders[i] = remainder;
            given += parts[i];
        }

        long left = total - given; // < number of non-zero remainders
        if (left > 0)
        {
            // Only the set of the `left` largest remainders matters, not their order: select it in expected O(n)
            // (a full sort was the cost of a split over a million winners).
            var candidates = new int[weights.Length];
            int n = 0;
            for (int i = 0; i < weights.Length; i++)
                if (remainders[i] != 0)
                    candidates[n++] = i;
            var top = TopK.Select(candidates.AsSpan(0, n), (int)left, new ByRemainder(remainders));
            foreach (var i in top)
                parts[i]++;
        }

        return parts;
    }

    /// <summary>Larger remainder first, ties to the lower index: a total order, so the selected set is unique.</summary>
    private readonly struct ByRemainder(Int128[] remainders) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            int c = remainders[b].CompareTo(remainders[a]);
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}
