namespace SocialLoss.Core.Engine;

/// <summary>The loss policy: the close-out ladder, the ADL ranking and price, the loss waterfall.</summary>
/// <param name="CloseOut">Rungs of the close-out ladder, in order; the insurance fund takes what is left at mark.</param>
/// <param name="AdlRanking">How ADL queues opposing positions.</param>
/// <param name="AdlPrice">Price at which ADL closes them.</param>
/// <param name="Waterfall">Stages that pay bad debt, in order; the rest is recorded as deficit.</param>
/// <param name="ClawbackMethod">How the clawback stage spreads the loss.</param>
/// <param name="ClawbackBase">What the clawback stage haircuts.</param>
/// <param name="WithdrawalHaircut">While a deficit exists, each withdrawal pays deficit / net deposits of itself to the fund (Paradex; see <c>ClearingEngine</c>).</param>
/// <param name="BackstopPrice">Price at which backstop accounts take liquidated positions.</param>
public sealed record EngineConfig(
    IReadOnlyList<CloseOutStage> CloseOut,
    AdlRankingKind AdlRanking,
    ClosePrice AdlPrice,
    IReadOnlyList<WaterfallStageKind> Waterfall,
    ClawbackMethod ClawbackMethod,
    ClawbackBase ClawbackBase,
    bool WithdrawalHaircut,
    ClosePrice BackstopPrice)
{
    /// <summary>When ADL runs: always, or only once the insurance fund cannot absorb the shortfall.</summary>
    public AdlTrigger AdlTrigger { get; init; } = AdlTrigger.Always;

    /// <summary>Marks over which the <c>okx</c> trigger averages the fund (480 one-minute marks = 8 hours).</summary>
    public int AdlWindow { get; init; } = 480;

    /// <summary>Floor of the <c>okx</c> trigger's allowed drawdown (OKX: 50,000).</summary>
    public Numbers.Money AdlFloor { get; init; } = Numbers.Money.FromUnits(50_000);

    /// <summary>Where a liquidated account's equity left after its close-out goes: kept by the trader, or to the fund (BitMEX).</summary>
    public SurplusRecipient CloseoutSurplus { get; init; } = SurplusRecipient.Trader;

    /// <summary>Seed of the <c>dydx</c> ranking's pseudo-random start.</summary>
    public ulong AdlSeed { get; init; }

    /// <summary>Largest share of its base a <c>capped-pro-rata</c> or <c>risk-aware</c> clawback may take from one account.</summary>
    public Numbers.Rate ClawbackCap { get; init; } = Numbers.Rate.One;

    /// <summary>Cap of a member's assessments as a multiple of its default-fund contribution (Eurex: 2).</summary>
    public Numbers.Rate AssessmentMultiple { get; init; } = new(2 * Numbers.Rate.Scale);

    /// <summary>Whether ADL and clawbacks share each bankruptcy on its own or the pooled shortfall of a wave.</summary>
    public AllocationScope Allocation { get; init; } = AllocationScope.PerBankruptcy;

    /// <summary>
    /// Backstop by transfer (Hyperliquid): when set, the backstop rung does not take positions pro rata; if the
    /// book left the account with equity at or above zero but below this fraction of its maintenance margin, the
    /// whole account — positions and collateral — goes to the first backstop (the liquidator vault). Null: off.
    /// </summary>
    public Numbers.Rate? BackstopTransferBelow { get; init; }

    /// <summary>
    /// How a funding reaches the accounts: contract v1's <c>funded</c> event per holder, or a cumulative index per market
    /// settled into each account when its position next changes (<see cref="FundingMode"/>).
    /// </summary>
    public FundingMode Funding { get; init; } = FundingMode.PerAccount;

    /// <summary>Partial liquidation of large positions (Hyperliquid: above $100k, 20% at a time, 30 s cooldown); null: off.</summary>
    public PartialLiquidation? Partial { get; init; }

    /// <summary>The defaults of contract v1: closeout book then ADL (BitMEX ranking at bankruptcy price), insurance only.</summary>
    public static EngineConfig Default { get; } = new(
        [CloseOutStage.Book, CloseOutStage.Adl],
        AdlRankingKind.Bitmex,
        ClosePrice.Bankruptcy,
        [WaterfallStageKind.Insurance],
        ClawbackMethod.ProRata,
        ClawbackBase.UnrealizedPnl,
        WithdrawalHaircut: false,
        BackstopPrice: ClosePrice.Bankruptcy);
}
