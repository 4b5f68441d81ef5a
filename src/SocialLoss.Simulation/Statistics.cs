namespace SocialLoss.Simulation;

/// <summary>Inequality statistics of haircuts.</summary>
public static class Statistics
{
    /// <summary>Gini coefficient of non-negative values (0 = equal, → 1 = one bears everything); 0 for fewer than two.</summary>
    public static double Gini(IEnumerable<double> values)
    {
        var v = values.Where(x => x > 0).OrderBy(x => x).ToArray();
        if (v.Length < 2)
            return 0;
        double sum = v.Sum();
        double weighted = 0;
        for (int i = 0; i < v.Length; i++)
            weighted += (i + 1) * v[i];
        return 2 * weighted / (v.Length * sum) - (v.Length + 1.0) / v.Length;
    }

    /// <summary>Share of the total borne by the largest <paramref name="fraction"/> of values (at least one).</summary>
    public static double TopShare(IEnumerable<double> values, double fraction)
    {
        var v = values.Where(x => x > 0).OrderByDescending(x => x).ToArray();
        if (v.Length == 0)
            return 0;
        int k = Math.Max(1, (int)Math.Ceiling(v.Length * fraction));
        return v.Take(k).Sum() / v.Sum();
    }

    /// <summary>Lorenz curve points (population share, cumulative share), starting at (0,0), at most <paramref name="points"/> + 1.</summary>
    public static IReadOnlyList<(double X, double Y)> Lorenz(IEnumerable<double> values, int points = 200)
    {
        var v = values.Where(x => x > 0).OrderBy(x => x).ToArray();
        var curve = new List<(double, double)> { (0, 0) };
        if (v.Length == 0)
            return curve;
        double total = v.Sum(), cumulative = 0;
        int stride = Math.Max(1, v.Length / points);
        for (int i = 0; i < v.Length; i++)
        {
            cumulative += v[i];
            if ((i + 1) % stride == 0 || i == v.Length - 1)
                curve.Add(((i + 1.0) / v.Length, cumulative / total));
        }

        return curve;
    }

    /// <summary>The q-quantile (0..1) of values, by linear interpolation.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
            return double.NaN;
        var v = values.OrderBy(x => x).ToArray();
        double pos = q * (v.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(v.Length - 1, lo + 1);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }
}
