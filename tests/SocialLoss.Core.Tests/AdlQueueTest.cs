using SocialLoss.Core.Accounts;
using SocialLoss.Core.Adl;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

public sealed class AdlQueueTest
{
    private static AdlCandidate Candidate(string id, long lots, decimal score) =>
        new(new Account(new AccountId(id)), new Quantity(lots), AdlScore.Of(score));

    [Fact]
    public void Indicators_BitmexExampleQuantities_MatchPublishedPercentiles()
    {
        // BitMEX (https://www.bitmex.com/app/autoDeleveragingExamples): the six longs sorted by score are
        // accounts 2, 5, 4, 1, 6, 3 with quantities 10, 20, 30, 10, 10, 20 and percentiles
        // 20%, 40%, 60%, 80%, 80%, 100%. Derived (research-findings.md Q4): cumulative 10/30/60/70/80/100 of 100,
        // rounded up to 20% steps; 20% = 4 lights ... 100% = 0 lights.
        var queue = new List<AdlCandidate>
        {
            Candidate("2", 10, 6), Candidate("5", 20, 5), Candidate("4", 30, 4),
            Candidate("1", 10, 3), Candidate("6", 10, 2), Candidate("3", 20, 1),
        };
        Assert.Equal([4, 3, 2, 1, 1, 0], AdlQueue.Indicators(queue));
    }

    [Fact]
    public void Indicators_SignedShortQuantities_UseSizes()
    {
        // two shorts of −1 and −3: cumulative 1/4 = 25% → ceil(5 x 0.25) = 2 → 3 lights; 4/4 → 0 lights
        var queue = new List<AdlCandidate> { Candidate("a", -1, 2), Candidate("b", -3, 1) };
        Assert.Equal([3, 0], AdlQueue.Indicators(queue));
        Assert.Empty(AdlQueue.Indicators([]));
    }

    [Fact]
    public void Build_BitmexExamplePopulation_SortsAsPublishedAndExcludesBuiltInsAndOtherSide()
    {
        var b = ClearingEngineAdlTest.BitmexPopulation();
        var queue = AdlQueue.Build(b.Ledger, EngineBuilder.M("XBT"), +1, AdlRankingKind.Bitmex);
        // the order BitMEX publishes: 2, 5, 4, 1, 6, 3 (the short and the built-in "market" are not longs / not margined)
        Assert.Equal(["acct2", "acct5", "acct4", "acct1", "acct6", "acct3"], queue.Select(c => c.Account.Id.Value));
        Assert.Equal([10L, 20L, 30L, 10L, 10L, 20L], queue.Select(c => c.Quantity.Lots));
        Assert.Equal([4, 3, 2, 1, 1, 0], AdlQueue.Indicators(queue));

        var shorts = AdlQueue.Build(b.Ledger, EngineBuilder.M("XBT"), -1, AdlRankingKind.Bitmex);
        Assert.Equal(["short"], shorts.Select(c => c.Account.Id.Value));
        Assert.Empty(AdlQueue.Build(b.Ledger, EngineBuilder.M("XBT"), -1, AdlRankingKind.Bitmex, EngineBuilder.Id("short")));
    }

    [Fact]
    public void Build_EqualScores_TieBreakByAccountIdOrdinal()
    {
        // Three identical longs (same size, entry, collateral) score the same under every scoring ranking;
        // ordinal order puts "B" before "a" before "b".
        var b = new EngineBuilder()
            .Market("M", 1m, 1m, "0.1", "0.05");
        foreach (var id in new[] { "b", "a", "B" })
            b.Deposit(id, "100").Trade("M", id, "market", 100m, 5m);
        b.Mark("M", 110m);
        foreach (var kind in new[] { AdlRankingKind.Bitmex, AdlRankingKind.Binance, AdlRankingKind.Hyperliquid, AdlRankingKind.Size })
            Assert.Equal(["B", "a", "b"], AdlQueue.Build(b.Ledger, EngineBuilder.M("M"), +1, kind).Select(c => c.Account.Id.Value));
    }
}
