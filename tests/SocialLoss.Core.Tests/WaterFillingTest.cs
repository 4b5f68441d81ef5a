using CsCheck;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>
/// The selection-based splits (no full sort) against the sort-based versions they replaced, kept here as the oracle:
/// identical parts, ties and binding caps included.
/// </summary>
public sealed class WaterFillingTest
{
    // Few distinct values so that equal remainders and equal cap / weight ratios are common.
    private static readonly Gen<(long Total, long[] Weights, long[] Caps)> GenCase =
        from n in Gen.Int[1, 60]
        from weights in Gen.Long[0, 12].Array[n]
        from caps in Gen.Long[0, 30].Array[n]
        from total in Gen.Long[0, 400]
        select (total, weights, caps);

    [Fact]
    public void Allocate_Random_SameAsSortingEveryRatio() =>
        GenCase.Sample(t => WaterFilling.Allocate(t.Total, t.Weights, t.Caps).SequenceEqual(SortedWaterFilling(t.Total, t.Weights, t.Caps)), iter: 5000);

    [Fact]
    public void Allocate_LargeRandom_SameAsSortingEveryRatio()
    {
        var rng = new Random(5);
        for (int round = 0; round < 20; round++)
        {
            int n = rng.Next(1, 5_000);
            var w = new long[n];
            var c = new long[n];
            for (int i = 0; i < n; i++)
            {
                w[i] = rng.Next(0, 4) == 0 ? rng.Next(0, 3) : rng.NextInt64(1, 5_000_000_000);
                c[i] = round % 2 == 0 ? w[i] / (1 + i % 4) : rng.NextInt64(0, 3_000_000_000);
            }

            long total = rng.NextInt64(0, 2_000_000_000_000);
            Assert.Equal(SortedWaterFilling(total, w, c), WaterFilling.Allocate(total, w, c));
        }
    }

    [Fact]
    public void Split_Random_SameAsSortingEveryRemainder() =>
        (from weights in Gen.Long[0, 9].Array[1, 80]
         where weights.Sum() > 0
         from total in Gen.Long[0, 1_000]
         select (total, weights))
        .Sample(t => LargestRemainder.Split(t.total, t.weights).SequenceEqual(SortedSplit(t.total, t.weights)), iter: 5000);

    [Fact]
    public void Allocate_SumsToTotalWithinCapacity_EachWithinItsCap() =>
        GenCase.Sample(t =>
        {
            var parts = WaterFilling.Allocate(t.Total, t.Weights, t.Caps);
            long capacity = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                if (parts[i] > t.Caps[i] || (t.Weights[i] == 0 && parts[i] != 0))
                    return false;
                if (t.Weights[i] > 0)
                    capacity += t.Caps[i];
            }

            return parts.Sum() == Math.Min(t.Total, capacity);
        }, iter: 3000);

    /// <summary>The previous largest-remainder split: sorts every remainder.</summary>
    private static long[] SortedSplit(long total, long[] weights)
    {
        Int128 sum = 0;
        foreach (var w in weights)
            sum += w;
        var parts = new long[weights.Length];
        if (total == 0)
            return parts;
        var remainders = new Int128[weights.Length];
        long given = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            Int128 exact = (Int128)total * weights[i];
            parts[i] = (long)(exact / sum);
            remainders[i] = exact % sum;
            given += parts[i];
        }

        long left = total - given;
        var order = Enumerable.Range(0, weights.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = remainders[b].CompareTo(remainders[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        for (int k = 0; k < left; k++)
            parts[order[k]]++;
        return parts;
    }

    /// <summary>The previous water-filling: sorts every cap / weight ratio and caps the tightest while they bind.</summary>
    private static long[] SortedWaterFilling(long total, long[] w, long[] c)
    {
        int n = w.Length;
        var parts = new long[n];
        var active = new List<int>(n);
        long capacity = 0;
        for (int i = 0; i < n; i++)
            if (w[i] > 0 && c[i] > 0)
            {
                active.Add(i);
                capacity += c[i];
            }

        long remaining = Math.Min(total, capacity);
        if (remaining == 0)
            return parts;
        active.Sort((a, b) =>
        {
            int cmp = ((Int128)c[a] * w[b]).CompareTo((Int128)c[b] * w[a]);
            return cmp != 0 ? cmp : a.CompareTo(b);
        });
        Int128 weightLeft = 0;
        foreach (var i in active)
            weightLeft += w[i];
        int k = 0;
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
            rest.Sort();
            var split = SortedSplit(remaining, rest.Select(i => w[i]).ToArray());
            for (int j = 0; j < rest.Count; j++)
                parts[rest[j]] = split[j];
        }

        return parts;
    }
}
