using SocialLoss.Contract;

namespace SocialLoss.Contract.Tests;

public class PolicyComparisonTest
{
    [Theory]
    [InlineData(new double[] { 1, 1, 1 }, 0.0)]
    [InlineData(new double[] { 1, 1, 4 }, 1.0 / 3)] // 2 x (1 + 2 + 12) / (3 x 6) − 4/3
    [InlineData(new double[] { 0, 0, 1 }, 0.0)] // zeros paid nothing: one payer
    [InlineData(new double[] { 1, 3 }, 0.25)] // mean absolute difference 2 / (2 x 2 x mean 2) = 0.25
    public void Gini_KnownDistributions(double[] sorted, double expected) =>
        Assert.Equal(expected, Inequality.Gini(sorted), 12);

    [Fact]
    public void Run_EveryPreset_ConservesAndReportsEachPolicy()
    {
        var results = PolicyComparison.Run(ReplayTest.Crash, PolicyCatalog.Names);
        Assert.Equal(PolicyCatalog.All.Count + PolicyCatalog.Aliases.Count, results.Count);
        Assert.All(results, r => Assert.True(r.Liquidations > 0, r.Policy));
    }

    /// <summary>
    /// On the crash of ReplayTest (alice long 60 from 100 with 1,000; book 20 @ 90 and 20 @ 80; mark 86): with ADL
    /// always on (hyperliquid-adl) the last 20 lots go to bob; with insurance only the fund takes them at the
    /// mark and alice's balance, 1,000 − 200 − 400 − 280 = 120, stays positive: no bad debt, no deficit. With a
    /// fund-depleted trigger (bitmex-adl) ADL is skipped too, since alice's equity is still positive.
    /// </summary>
    [Fact]
    public void Run_AdlAlwaysVersusFundFirst_DiffersInAdl()
    {
        var results = PolicyComparison.Run(ReplayTest.Crash, ["hyperliquid-adl", "bitmex-adl", "insurance-only"]).ToDictionary(r => r.Policy);
        Assert.Equal(1, results["hyperliquid-adl"].AdlFills);
        Assert.Equal(0, results["bitmex-adl"].AdlFills);
        Assert.Equal(0, results["insurance-only"].AdlFills);
        Assert.Equal("0", results["insurance-only"].Deficit);
    }

    [Fact]
    public void Run_UnknownPolicy_NamesTheChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => PolicyComparison.Run(ReplayTest.Crash, ["fastest"]));
        Assert.Contains("fair-adl", e.Message);
    }

    [Fact]
    public void Presets_AreValidConfigLines()
    {
        foreach (var (name, line) in PolicyCatalog.All.Select(p => (p.Name, p.ConfigLine)))
            Assert.IsType<Core.Commands.ConfigureCommand>(CommandParser.Parse(line));
    }

    [Fact]
    public void Matching_EveryCatalogLineNamesItselfFirst_AndItsAliases()
    {
        foreach (var p in PolicyCatalog.All)
        {
            var names = PolicyCatalog.Matching(p.Command().Config).Select(m => m.Name).ToArray();
            Assert.Equal(p.Name, names[0]);
            Assert.Equal(PolicyCatalog.Aliases.Where(a => a.AliasOf == p.Name).Select(a => a.Name), names.Skip(1));
        }

        // ReplayTest.Crash's own line: book, ADL always (no fund-depleted trigger), then a clawback — in no catalog line
        var demo = (Core.Commands.ConfigureCommand)CommandParser.Parse(ReplayTest.Crash.Split('\n').First(l => l.Contains("\"config\"")));
        Assert.Empty(PolicyCatalog.Matching(demo.Config));
    }
}
