using System.Globalization;

namespace SocialLoss.Simulation;

/// <summary>What a calibration fitted, and on how many observations.</summary>
/// <param name="LeverageMedian">Median of the fitted log-normal leverage.</param>
/// <param name="LeverageSigma">Sigma of the fitted log-normal leverage.</param>
/// <param name="SizeMin">Scale of the fitted Pareto notional.</param>
/// <param name="SizeAlpha">Tail index of the fitted Pareto notional (maximum likelihood).</param>
/// <param name="LeverageSamples">Accounts with a leverage in the data.</param>
/// <param name="SizeSamples">Accounts with a notional at or above <paramref name="SizeMin"/>.</param>
public sealed record CalibrationFit(double LeverageMedian, double LeverageSigma, double SizeMin, double SizeAlpha, int LeverageSamples, int SizeSamples);

/// <summary>
/// Calibration mode: fits the generator's retail leverage (log-normal, by the mean and deviation of log
/// leverage) and its notional (Pareto tail index by maximum likelihood, <c>α = n / Σ ln(x / x_min)</c>) to the
/// Hyperliquid 10 Oct 2025 data. The only per-account leverage published is that of the ADL'd wallets
/// (<c>adl_by_user.csv</c>: <c>leverage_realtime</c>, <c>adl_notional</c>); those are the winners, so the fit
/// describes the side that gets deleveraged (low leverage, median ≈ 0.44x), not the liquidated side.
/// </summary>
public static class Calibration
{
    /// <summary>Fits to <c>hyperliquid_2025-10-10/adl_by_user.csv</c> under the data folder.</summary>
    public static CalibrationFit FromHyperliquid(string dataFolder, double sizeMin = 1_000)
    {
        var path = Path.Combine(dataFolder, "hyperliquid_2025-10-10", "adl_by_user.csv");
        if (!DataFile.Exists(path))
            throw new ScenarioException($"calibration data not found: {path}");
        var leverage = new List<double>();
        var sizes = new List<double>();
        using var reader = DataFile.OpenText(path);
        var header = reader.ReadLine()!.Split(',');
        int lev = Array.IndexOf(header, "leverage_realtime"), notional = Array.IndexOf(header, "adl_notional");
        if (lev < 0 || notional < 0)
            throw new ScenarioException($"{path}: expected columns leverage_realtime and adl_notional");
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = line.Split(',');
            if (double.TryParse(f[lev], NumberStyles.Float, CultureInfo.InvariantCulture, out var l) && l > 0 && double.IsFinite(l))
                leverage.Add(l);
            if (double.TryParse(f[notional], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && double.IsFinite(n))
                sizes.Add(n);
        }

        var (median, sigma) = LogNormal(leverage);
        var alpha = ParetoAlpha(sizes, sizeMin);
        return new CalibrationFit(median, sigma, sizeMin, alpha, leverage.Count, sizes.Count(s => s >= sizeMin));
    }

    /// <summary>The generator's parameters with the fitted leverage and size distributions (all traders drawn as retail).</summary>
    public static PopulationParameters Apply(PopulationParameters p, CalibrationFit fit) => p with
    {
        RetailLeverageMedian = fit.LeverageMedian,
        RetailLeverageSigma = fit.LeverageSigma,
        LeverageFloor = 0.05,
        HighLeverageShare = 0,
        SizeMin = fit.SizeMin,
        SizeAlpha = fit.SizeAlpha,
    };

    /// <summary>Median and sigma of a log-normal by the moments of the logs.</summary>
    public static (double Median, double Sigma) LogNormal(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            throw new ArgumentException("need at least two observations", nameof(values));
        double mean = values.Average(v => Math.Log(v));
        double variance = values.Sum(v => (Math.Log(v) - mean) * (Math.Log(v) - mean)) / (values.Count - 1);
        return (Math.Exp(mean), Math.Sqrt(variance));
    }

    /// <summary>Maximum-likelihood Pareto tail index over the values at or above <paramref name="min"/>.</summary>
    public static double ParetoAlpha(IReadOnlyList<double> values, double min)
    {
        double sum = 0;
        int n = 0;
        foreach (var v in values)
        {
            if (v < min)
                continue;
            sum += Math.Log(v / min);
            n++;
        }

        if (n < 2 || sum <= 0)
            throw new ArgumentException("need at least two observations above the minimum", nameof(values));
        return n / sum;
    }
}
