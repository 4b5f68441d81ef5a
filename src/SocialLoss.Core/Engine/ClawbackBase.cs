namespace SocialLoss.Core.Engine;

/// <summary>What a clawback haircuts. Numbers are frozen (persisted).</summary>
public enum ClawbackBase
{
    /// <summary>Each account's positive unrealized PnL at the marks.</summary>
    UnrealizedPnl = 1,

    /// <summary>Realized plus unrealized profit since the last <c>settle</c> (OKX 2018, BitVC 2014, 58COIN).</summary>
    PeriodProfit = 2,
}
