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
    public void Find_EveryName_ResolvesToOneConfigLine()
    {
        var fair = PolicyCatalog.Find("fair-adl");
        Assert.NotNull(fair);
        Assert.True(fair!.Fair);
        Assert.Contains("\"ranking\":\"fair\"", fair.ConfigLine);
        Assert.NotNull(fair.Command());
        Assert.Contains("min-max", PolicyCatalog.Names);
        Assert.Null(PolicyCatalog.Find("fastest"));
        Assert.Equal(PolicyCatalog.Names.Count(), PolicyCatalog.Names.Distinct().Count());
        foreach (var p in PolicyCatalog.All.Concat(PolicyCatalog.Aliases))
            Assert.NotNull(p.Command()); // the engine's parser accepts every line
    }

    /// <summary>
    /// The names compare, simulate and the Hyperliquid rebuild used to give different lines now have one: the
    /// README documents <c>adl.trigger: fund-depleted</c> for BitMEX and Binance, and Hyperliquid's backstop (HLP).
    /// </summary>
    [Fact]
    public void FormerlyConflictingNames_HaveTheReadmeMeaning_AndAliasesShareTheirLine()
    {
        Assert.Equal(Core.Engine.AdlTrigger.FundDepleted, PolicyCatalog.Find("bitmex-adl")!.Command().Config.AdlTrigger);
        Assert.Contains(Core.Engine.CloseOutStage.Backstop, PolicyCatalog.Find("hyperliquid-adl")!.Command().Config.CloseOut);
        foreach (var alias in PolicyCatalog.Aliases)
            Assert.Equal(PolicyCatalog.Find(alias.AliasOf!)!.ConfigLine, alias.ConfigLine);
        Assert.Equal(["hyperliquid", "fair-adl", "pro-rata-clawback", "min-max-clawback", "no-adl"], HyperliquidReplay.Policies.Select(p => p.Name));
        Assert.All(HyperliquidReplay.Policies, p => Assert.Contains(Core.Engine.CloseOutStage.Backstop, p.Command().Config.CloseOut));
    }

    [Fact]
    public void WithBackstop_PutsTheRungAfterTheBook_AndKeepsEveryOtherField()
    {
        var p = PolicyCatalog.Find("capped-pro-rata")!.WithBackstop();
        var c = p.Command().Config;
        Assert.Equal([Core.Engine.CloseOutStage.Book, Core.Engine.CloseOutStage.Backstop], c.CloseOut);
        Assert.Equal(PolicyCatalog.Find("capped-pro-rata")!.Command().Config.ClawbackCap, c.ClawbackCap);
        Assert.Same(PolicyCatalog.Find("hyperliquid-adl"), PolicyCatalog.Find("hyperliquid-adl")!.WithBackstop());
    }
}
