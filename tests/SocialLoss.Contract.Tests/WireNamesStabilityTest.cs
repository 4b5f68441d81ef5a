using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Contract.Tests;

/// <summary>
/// The names on the wire and the numbers of persisted enums are promises to users' scripts and to stored
/// journals: this test freezes them (as Garnet's PersistedEnumStabilityTests do). Add, never rename or renumber.
/// </summary>
public class WireNamesStabilityTest
{
    [Fact]
    public void ConfigNames_AreFrozen()
    {
        Assert.Equal(["book", "backstop", "adl"], WireNames.CloseOut.Keys);
        Assert.Equal(["bitmex", "binance", "hyperliquid", "size", "dydx", "fair", "leverage", "budgeted"], WireNames.Ranking.Keys);
        Assert.Equal(["bankruptcy", "mark", "ftx", "previous-mark"], WireNames.Price.Keys);
        Assert.Equal(["per-bankruptcy", "per-wave"], WireNames.Allocation.Keys);
        Assert.Equal(["per-account", "index"], WireNames.Funding.Keys);
        Assert.Equal(["always", "fund-depleted", "okx"], WireNames.Trigger.Keys);
        Assert.Equal(["insurance", "clawback", "open-interest", "deposit-index", "defaulter-margin", "defaulter-default-fund",
            "sitg", "survivors-default-fund", "assessments", "vmgh", "tear-up"], WireNames.Waterfall.Keys);
        Assert.Equal(["pro-rata", "capped-pro-rata", "min-max", "risk-aware"], WireNames.ClawbackMethods.Keys);
        Assert.Equal(["unrealized-pnl", "period-profit"], WireNames.ClawbackBases.Keys);
        Assert.Equal(["trader", "fund"], WireNames.Surplus.Keys);
        Assert.Equal(["config", "market", "deposit", "withdraw", "trade", "mark", "funding", "book", "insurance", "backstop",
            "settle", "member", "sitg", "default"], CommandParser.Types);
    }

    [Fact]
    public void EventNames_AreFrozen()
    {
        Assert.Equal(["topUp", "liquidationFee", "closeoutSurplus", "badDebt", "withdrawalHaircut", "funding"], WireNames.FundReasons.Values);
        Assert.Equal(["book", "backstop", "fund", "tearUp"], WireNames.Via.Values);
        Assert.Equal(["invalidValue", "unknownMarket", "unknownAccount", "builtInAccount", "insufficientMargin",
            "insufficientFreeCollateral", "duplicateMarket", "outOfOrder", "invalidMarket", "noMark", "overflow", "priceBand"], WireNames.RejectCodes.Values);
    }

    [Fact]
    public void PersistedEnumNumbers_AreFrozen()
    {
        Assert.Equal([1, 2, 3], Enum.GetValues<CloseOutStage>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], Enum.GetValues<AdlRankingKind>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4], Enum.GetValues<ClosePrice>().Select(v => (int)v));
        Assert.Equal([1, 2], Enum.GetValues<AllocationScope>().Select(v => (int)v));
        Assert.Equal([1, 2], Enum.GetValues<FundingMode>().Select(v => (int)v));
        Assert.Equal([1, 2, 3], Enum.GetValues<AdlTrigger>().Select(v => (int)v));
        Assert.Equal(Enumerable.Range(1, 11), Enum.GetValues<WaterfallStageKind>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4], Enum.GetValues<ClawbackMethod>().Select(v => (int)v));
        Assert.Equal([1, 2], Enum.GetValues<ClawbackBase>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4, 5, 6], Enum.GetValues<FundReason>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4], Enum.GetValues<CloseOutVia>().Select(v => (int)v));
        Assert.Equal(Enumerable.Range(1, 12), Enum.GetValues<RejectCode>().Select(v => (int)v));
        Assert.Equal(WaterfallStageKind.TearUp, (WaterfallStageKind)11);
        Assert.Equal(AdlRankingKind.Fair, (AdlRankingKind)6);
    }
}
