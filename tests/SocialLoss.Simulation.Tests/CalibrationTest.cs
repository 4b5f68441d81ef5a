using SocialLoss.Simulation;

namespace SocialLoss.Simulation.Tests;

public class CalibrationTest
{
    /// <summary>Samples drawn from known distributions (seeded) give back their parameters.</summary>
    [Fact]
    public void Fits_RecoverKnownParameters()
    {
        var rng = new Random(7);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var leverage = Enumerable.Range(0, 20_000).Select(_ => Math.Exp(Math.Log(0.5) + 1.2 * Normal())).ToList();
        var (median, sigma) = Calibration.LogNormal(leverage);
        Assert.InRange(median, 0.48, 0.52);
        Assert.InRange(sigma, 1.17, 1.23);

        var sizes = Enumerable.Range(0, 20_000).Select(_ => 1_000 * Math.Pow(1 - rng.NextDouble(), -1 / 1.4)).ToList();
        Assert.InRange(Calibration.ParetoAlpha(sizes, 1_000), 1.36, 1.44);
    }

    /// <summary>On the bundled Hyperliquid file: the ADL'd wallets are low-leverage (median well below 1x) and heavy-tailed in size.</summary>
    [Fact]
    public void FromHyperliquid_TheAdlWinnersAreLowLeverageAndHeavyTailed()
    {
        var fit = Calibration.FromHyperliquid(TestData.DataFolder());
        Assert.True(fit.LeverageSamples > 15_000, $"{fit.LeverageSamples} accounts with leverage");
        Assert.InRange(fit.LeverageMedian, 0.1, 1.0);
        Assert.InRange(fit.SizeAlpha, 0.2, 2.0);
        var p = Calibration.Apply(new PopulationParameters(), fit);
        Assert.Equal(fit.LeverageMedian, p.RetailLeverageMedian);
        Assert.True(p.LeverageFloor < 1);
    }
}

public class PolicyCatalogTest
{
    [Fact]
    public void Find_ComparePresetName_ResolvesToItsConfigLine()
    {
        var fair = PolicyCatalog.Find("fair-adl");
        Assert.NotNull(fair);
        Assert.Contains("\"ranking\":\"fair\"", fair!.ConfigLine);
        Assert.NotNull(fair.Command());
        Assert.Contains("min-max", PolicyCatalog.Names);
        Assert.Null(PolicyCatalog.Find("fastest"));
    }
}
