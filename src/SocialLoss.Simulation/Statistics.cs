namespace SocialLoss.Simulation;

/// <summary>Curves and quantiles of haircuts for the charts (the Gini and top share are <see cref="Inequality"/>'s, shared with <c>compare</c>).</summary>
public static class Statistics
{
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
