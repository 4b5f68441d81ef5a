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
        var active = new int[n];
        int count = 0;
        long capacity = 0;
        for (int i = 0; i < n; i++)
        {
            if (weights[i] < 0 || caps[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(weights), "weights and caps must not be negative");
            if (weights[i] > 0 && caps[i] > 0)
            {
                active[count++] = i;
                capacity = checked(capacity + caps[i]);
            }
        }

        long remaining = Math.Min(total, capacity);
        if (remaining == 0)
            return parts;

        // The caps that bind are exactly those with c_i / v_i ≤ L, L the lowest level with Σ min(L x v_i, c_i) =
        // remaining (taking the tightest caps first, a cap binds while c_i / v_i ≤ what is left / weight left, and
        // that is the same set). Find L's place among the ratios by quickselect instead of sorting them all:
        // a pivot ratio ρ = c_p / v_p binds (with everything below it) iff Σ_{r ≤ ρ} c + ρ x Σ_{r > ρ} v ≤ remaining.
        var capped = new bool[n];
        long cappedSum = 0;       // caps of ratios known to bind
        Int128 weightAbove = 0;   // weights of ratios known not to bind
        var undecided = active.AsSpan(0, count);
        ulong seed = 0x9E3779B97F4A7C15UL;
        while (undecided.Length > 0)
        {
            seed = unchecked(seed * 6364136223846793005UL + 1442695040888963407UL);
            int p = undecided[(int)((seed >> 33) % (ulong)undecided.Length)];
            long cp = caps[p], vp = weights[p];
            // three-way partition by ratio against c_p / v_p: [0, lt) below, [lt, gt) equal, [gt, end) above
            int lt = 0, i = 0, gt = undecided.Length;
            long lowCaps = 0;
            Int128 highWeights = 0;
            while (i < gt)
            {
                int x = undecided[i];
                int cmp = ((Int128)caps[x] * vp).CompareTo((Int128)cp * weights[x]);
                if (cmp < 0)
                {
                    lowCaps = checked(lowCaps + caps[x]);
                    (undecided[lt], undecided[i]) = (undecided[i], undecided[lt]);
                    lt++;
                    i++;
                }
                else if (cmp > 0)
                {
                    highWeights += weights[x];
                    gt--;
                    (undecided[gt], undecided[i]) = (undecided[i], undecided[gt]);
                }
                else
                {
                    lowCaps = checked(lowCaps + caps[x]);
                    i++;
                }
            }

            long capsUpToPivot = checked(cappedSum + lowCaps);
            if ((Int128)vp * capsUpToPivot + (Int128)cp * (weightAbove + highWeights) <= (Int128)remaining * vp)
            {
                foreach (var x in undecided[..gt])
                    capped[x] = true;
                cappedSum = capsUpToPivot;
                undecided = undecided[gt..];
            }
            else
            {
                for (int j = lt; j < undecided.Length; j++)
                    weightAbove += weights[undecided[j]];
                undecided = undecided[..lt];
            }
        }

        remaining -= cappedSum;
        var rest = new List<int>(count);
        for (int i = 0; i < n; i++)
        {
            if (capped[i])
                parts[i] = caps[i];
            else if (weights[i] > 0 && caps[i] > 0)
                rest.Add(i); // in index order, so remainder ties go to the lower index
        }

        if (remaining > 0)
        {
            var restWeights = new long[rest.Count];
            for (int j = 0; j < rest.Count; j++)
                restWeights[j] = weights[rest[j]];
            var split = LargestRemainder.Split(remaining, restWeights);
            for (int j = 0; j < rest.Count; j++)
                parts[rest[j]] = split[j]; // ≤ ceil(remaining x v / W) ≤ c, since c / v > remaining / W
        }

        return parts;
    }
}
