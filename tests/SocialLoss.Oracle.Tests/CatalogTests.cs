using SocialLoss.Benchmarking;
using SocialLoss.Contract;
using SocialLoss.Core.Engine;

namespace SocialLoss.Oracle.Tests;

/// <summary>
/// The shared fixture of the policy catalog on the oracle's side: every named policy, exactly as the catalog writes its
/// <c>config</c> line, runs the same seeded crashes through Core and through the naive oracle, and every event and the
/// state hash agree. A policy added to the catalog is covered here with no further test.
/// </summary>
public class CatalogTests
{
    /// <summary>
    /// Catalog policies the oracle does not reproduce yet, with the first reason <see cref="OracleEngine.Unsupported"/>
    /// gives. Pinned so that the list can only shrink on purpose: a policy that becomes covered, or a new one that is
    /// not, fails <see cref="Every_catalog_policy_agrees_with_the_oracle"/> until this list says so.
    /// </summary>
    private static readonly Dictionary<string, string> NotYetCovered = new(StringComparer.Ordinal)
    {
    };

    public static TheoryData<string> Catalog()
    {
        var data = new TheoryData<string>();
        foreach (var p in PolicyCatalog.All)
            data.Add(p.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Catalog))]
    public void Every_catalog_policy_agrees_with_the_oracle(string name)
    {
        var config = PolicyCatalog.Find(name)!.Command().Config;
        var unsupported = OracleEngine.Unsupported(config);
        Assert.Equal(NotYetCovered.GetValueOrDefault(name), unsupported);
        if (unsupported is not null)
            return;

        int liquidations = 0, adlFills = 0, clawbacks = 0;
        // the last two crashes' commands carry a time a second apart, as the simulator's do: the rules read from command
        // time (partial liquidation's cooldown) act only then
        foreach (var (seed, accounts, fund, timed) in new[] { (3, 120, 1L, false), (11, 200, 40L, true), (29, 80, 1L, true) })
        {
            var w = CrashWorkload.Generate(new CrashWorkloadOptions(accounts, 400, seed, Tiered: seed != 11, InsuranceFund: fund,
                MarksPerFunding: 20, Config: config));
            var sides = SideBySide.Run(w, timed);
            var (core, oracle, rebuilt) = sides.Hashes();
            Assert.Equal(core, oracle);
            Assert.Equal(core, rebuilt);
            liquidations += sides.Liquidations;
            adlFills += sides.AdlFills;
            clawbacks += sides.Clawbacks;
        }

        // the fixture reaches the policy's own rungs and stages, not only the book and the fund
        Assert.True(liquidations > 0, "the crashes liquidate someone");
        if (config.CloseOut.Contains(CloseOutStage.Adl))
            Assert.True(adlFills > 0, "the crashes deleverage someone");
        if (config.Waterfall.Contains(WaterfallStageKind.Clawback))
            Assert.True(clawbacks > 0, "the crashes claw back from someone");
        // Partial liquidation needs a large position (above $100k here) under maintenance with a book to take a fifth:
        // rare in these small crashes, so HyperliquidDocumentedTests reaches it on staircases built for it (counts asserted).
    }
}
