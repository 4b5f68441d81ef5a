namespace SocialLoss.Contract;

/// <summary>
/// How unevenly a loss was shared: the one Gini coefficient and top share used by <c>compare</c>, the simulator and
/// the reports (statistics of who paid, so double is fine here; the amounts themselves are exact upstream).
/// </summary>
public static class Inequality
{
    /// <summary>Gini coefficient of the positive values (0 = everyone paid the same, → 1 = one paid everything); 0 for fewer than two.</summary>
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

    /// <summary>Share of the total of the positive values borne by the largest <paramref name="fraction"/> of them (at least one).</summary>
    public static double TopShare(IEnumerable<double> values, double fraction)
    {
        var v = values.Where(x => x > 0).OrderByDescending(x => x).ToArray();
        if (v.Length == 0)
            return 0;
        int k = Math.Max(1, (int)Math.Ceiling(v.Length * fraction));
        return v.Take(k).Sum() / v.Sum();
    }
}
