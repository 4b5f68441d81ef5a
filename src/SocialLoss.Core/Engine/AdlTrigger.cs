namespace SocialLoss.Core.Engine;

/// <summary>When the ADL rung of the close-out ladder runs. Numbers are frozen (persisted).</summary>
public enum AdlTrigger
{
    /// <summary>Whenever a position reaches the ADL rung (contract v1 default).</summary>
    Always = 1,

    /// <summary>
    /// Only when the insurance fund cannot absorb the shortfall: while the fund's balance covers the account's
    /// negative equity at the mark, the fund takes the position over instead (BitMEX: ADL "if the insurance fund
    /// is depleted"; Binance: when the fund "cannot take over the position").
    /// </summary>
    FundDepleted = 2,

    /// <summary>
    /// OKX's "volatility threshold": ADL also runs when the fund is below its recent average minus the larger of
    /// 30% of that average and a floor (example: 8-hour average 400K → threshold 280K; a fund of 200K triggers
    /// ADL). The average is over the fund balance at the last <c>adl.window</c> marks; otherwise as
    /// <see cref="FundDepleted"/>. Source: https://www.okx.com/help/iv-introduction-to-auto-deleveraging-adl
    /// </summary>
    Okx = 3,
}
