namespace SocialLoss.Core.Numbers;

/// <summary>
/// Capped proportional allocation ("water-filling"): parts <c>a_i = min(t x v_i, c_i)</c> with the level
/// <c>t</c> chosen so the parts sum exactly to <c>min(total, Σ c_i)</c> (over parts with a positive weight).
/// Parts whose cap binds take their cap; the rest share what is left by <see cref="LargestRemainder"/>,
/// ties to the lower index. This is the capped pro-rata rule of Chitra, "Autodeleveraging:
/// Impossibilities and Optimization" (arXiv 2512.01112): <c>h_i = min(η, β_i)</c>, η solved by water-filling.
/// </summary>
public static class WaterFilling
{
    /// <summary>Allocates <paramref name="total"/> over <paramref name="weights"/> within <paramref name="caps"/> (all ≥ 0).</summary>
    public static long[] Allocate(long total, ReadOnlySpan<long> weights, ReadOnlySpan<long> caps)
    {
        if (weights.Length != caps.Length)
            throw new ArgumentException("weights and caps differ in length");
        if (total < 0)
            throw new ArgumentOutOfRangeException(nameof(total), "must not be negative");
        int n = weights.Length;
        var parts = new long[n];
        var active = new List<int>(n);
        long capacity = 0;
        for (int i = 0; i < n; i++)
        {
            if (weights[i] < 0 || caps[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(weights), "weights and caps must not be negative");
            if (weights[i] > 0 && caps[i] > 0)
            {
                active.Add(i);
                capacity = checked(capacity + caps[i]);
            }
        }

        long remaining = Math.Min(total, capacity);
        if (remaining == 0)
            return parts;

        // Tightest caps first: cap_i / v_i ascending (exact cross-multiplication), ties by index.
        var w = weights.ToArray();
        var c = caps.ToArray();
        active.Sort((a, b) =>
        {
            int cmp = ((Int128)c[a] * w[b]).CompareTo((Int128)c[b] * w[a]);
            return cmp != 0 ? cmp : a.CompareTo(b);
        });

        Int128 weightLeft = 0;
        foreach (var i in active)
            weightLeft += w[i];
        int k = 0;
        // A cap binds when the proportional share of what is left would reach it: c_i / v_i ≤ remaining / W.
        while (k < active.Count && (Int128)c[active[k]] * weightLeft <= (Int128)remaining * w[active[k]])
        {
            int i = active[k++];
            parts[i] = c[i];
            remaining -= c[i];
            weightLeft -= w[i];
        }

        if (remaining > 0)
        {
            var rest = active.GetRange(k, active.Count - k);
            rest.Sort(); // back to index order so remainder ties go to the lower index
            var restWeights = new long[rest.Count];
            for (int j = 0; j < rest.Count; j++)
                restWeights[j] = w[rest[j]];
            var split = LargestRemainder.Split(remaining, restWeights);
            for (int j = 0; j < rest.Count; j++)
                parts[rest[j]] = split[j]; // ≤ ceil(remaining x v / W) ≤ c, since c / v > remaining / W
        }

        return parts;
    }
}
