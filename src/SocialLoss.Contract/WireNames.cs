using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Contract;

/// <summary>
/// The public names of enum values on the wire (contract v1). These strings are promises to users'
/// scripts: add new ones, never rename.
/// </summary>
public static class WireNames
{
    /// <summary>Close-out ladder rungs.</summary>
    public static readonly IReadOnlyDictionary<string, CloseOutStage> CloseOut = new Dictionary<string, CloseOutStage>
    {
        ["book"] = CloseOutStage.Book,
        ["backstop"] = CloseOutStage.Backstop,
        ["adl"] = CloseOutStage.Adl,
    };

    /// <summary>ADL rankings.</summary>
    public static readonly IReadOnlyDictionary<string, AdlRankingKind> Ranking = new Dictionary<string, AdlRankingKind>
    {
        ["bitmex"] = AdlRankingKind.Bitmex,
        ["binance"] = AdlRankingKind.Binance,
        ["hyperliquid"] = AdlRankingKind.Hyperliquid,
        ["size"] = AdlRankingKind.Size,
        ["dydx"] = AdlRankingKind.Dydx,
        ["fair"] = AdlRankingKind.Fair,
        ["leverage"] = AdlRankingKind.Leverage,
        ["budgeted"] = AdlRankingKind.Budgeted,
    };

    /// <summary>Over what ADL and clawbacks share a shortfall.</summary>
    public static readonly IReadOnlyDictionary<string, AllocationScope> Allocation = new Dictionary<string, AllocationScope>
    {
        ["per-bankruptcy"] = AllocationScope.PerBankruptcy,
        ["per-wave"] = AllocationScope.PerWave,
    };

    /// <summary>How a funding reaches the accounts.</summary>
    public static readonly IReadOnlyDictionary<string, FundingMode> Funding = new Dictionary<string, FundingMode>
    {
        ["per-account"] = FundingMode.PerAccount,
        ["index"] = FundingMode.Index,
    };

    /// <summary>When ADL runs.</summary>
    public static readonly IReadOnlyDictionary<string, AdlTrigger> Trigger = new Dictionary<string, AdlTrigger>
    {
        ["always"] = AdlTrigger.Always,
        ["fund-depleted"] = AdlTrigger.FundDepleted,
        ["okx"] = AdlTrigger.Okx,
    };

    /// <summary>Who keeps a liquidated account's surplus.</summary>
    public static readonly IReadOnlyDictionary<string, SurplusRecipient> Surplus = new Dictionary<string, SurplusRecipient>
    {
        ["trader"] = SurplusRecipient.Trader,
        ["fund"] = SurplusRecipient.Fund,
    };

    /// <summary>Forced-close prices.</summary>
    public static readonly IReadOnlyDictionary<string, ClosePrice> Price = new Dictionary<string, ClosePrice>
    {
        ["bankruptcy"] = ClosePrice.Bankruptcy,
        ["mark"] = ClosePrice.Mark,
        ["ftx"] = ClosePrice.Ftx,
        ["previous-mark"] = ClosePrice.PreviousMark,
    };

    /// <summary>Waterfall stages.</summary>
    public static readonly IReadOnlyDictionary<string, WaterfallStageKind> Waterfall = new Dictionary<string, WaterfallStageKind>
    {
        ["insurance"] = WaterfallStageKind.Insurance,
        ["clawback"] = WaterfallStageKind.Clawback,
        ["open-interest"] = WaterfallStageKind.OpenInterest,
        ["deposit-index"] = WaterfallStageKind.DepositIndex,
        ["defaulter-margin"] = WaterfallStageKind.DefaulterMargin,
        ["defaulter-default-fund"] = WaterfallStageKind.DefaulterDefaultFund,
        ["sitg"] = WaterfallStageKind.Sitg,
        ["survivors-default-fund"] = WaterfallStageKind.SurvivorsDefaultFund,
        ["assessments"] = WaterfallStageKind.Assessments,
        ["vmgh"] = WaterfallStageKind.Vmgh,
        ["tear-up"] = WaterfallStageKind.TearUp,
    };

    /// <summary>Clawback methods.</summary>
    public static readonly IReadOnlyDictionary<string, ClawbackMethod> ClawbackMethods = new Dictionary<string, ClawbackMethod>
    {
        ["pro-rata"] = ClawbackMethod.ProRata,
        ["capped-pro-rata"] = ClawbackMethod.CappedProRata,
        ["min-max"] = ClawbackMethod.MinMax,
        ["risk-aware"] = ClawbackMethod.RiskAware,
    };

    /// <summary>Clawback bases.</summary>
    public static readonly IReadOnlyDictionary<string, ClawbackBase> ClawbackBases = new Dictionary<string, ClawbackBase>
    {
        ["unrealized-pnl"] = ClawbackBase.UnrealizedPnl,
        ["period-profit"] = ClawbackBase.PeriodProfit,
    };

    /// <summary>Insurance fund change reasons.</summary>
    public static readonly IReadOnlyDictionary<FundReason, string> FundReasons = new Dictionary<FundReason, string>
    {
        [FundReason.TopUp] = "topUp",
        [FundReason.LiquidationFee] = "liquidationFee",
        [FundReason.CloseoutSurplus] = "closeoutSurplus",
        [FundReason.BadDebt] = "badDebt",
        [FundReason.WithdrawalHaircut] = "withdrawalHaircut",
        [FundReason.Funding] = "funding",
    };

    /// <summary>Close-out counterparties.</summary>
    public static readonly IReadOnlyDictionary<CloseOutVia, string> Via = new Dictionary<CloseOutVia, string>
    {
        [CloseOutVia.Book] = "book",
        [CloseOutVia.Backstop] = "backstop",
        [CloseOutVia.Fund] = "fund",
        [CloseOutVia.TearUp] = "tearUp",
    };

    /// <summary>Rejection codes.</summary>
    public static readonly IReadOnlyDictionary<RejectCode, string> RejectCodes = new Dictionary<RejectCode, string>
    {
        [RejectCode.InvalidValue] = "invalidValue",
        [RejectCode.UnknownMarket] = "unknownMarket",
        [RejectCode.UnknownAccount] = "unknownAccount",
        [RejectCode.BuiltInAccount] = "builtInAccount",
        [RejectCode.InsufficientMargin] = "insufficientMargin",
        [RejectCode.InsufficientFreeCollateral] = "insufficientFreeCollateral",
        [RejectCode.DuplicateMarket] = "duplicateMarket",
        [RejectCode.OutOfOrder] = "outOfOrder",
        [RejectCode.InvalidMarket] = "invalidMarket",
        [RejectCode.NoMark] = "noMark",
        [RejectCode.Overflow] = "overflow",
        [RejectCode.PriceBand] = "priceBand",
    };

    /// <summary>The wire name of an enum value in one of the name tables.</summary>
    public static string NameOf<T>(IReadOnlyDictionary<string, T> table, T value) where T : struct, Enum
    {
        foreach (var (k, v) in table)
            if (EqualityComparer<T>.Default.Equals(v, value))
                return k;
        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }
}
