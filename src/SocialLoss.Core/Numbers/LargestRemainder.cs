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
            Int128 exact = (Int128)total * weights[i];
            parts[i] = (long)(exact / sum);
            remainders[i] = exact % sum;
            given += parts[i];
        }

        long left = total - given; // < number of non-zero remainders
        if (left > 0)
        {
            var order = new int[weights.Length];
            for (int i = 0; i < order.Length; i++)
                order[i] = i;
            Array.Sort(order, (a, b) =>
            {
                int c = remainders[b].CompareTo(remainders[a]);
                return c != 0 ? c : a.CompareTo(b);
            });
            for (int k = 0; k < left; k++)
                parts[order[k]]++;
        }

        return parts;
    }
}
