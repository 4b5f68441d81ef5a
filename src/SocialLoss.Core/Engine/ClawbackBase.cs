namespace SocialLoss.Core.Engine;

/// <summary>What a clawback haircuts. Numbers are frozen (persisted).</summary>
public enum ClawbackBase
{
    /// <summary>Each account's positive unrealized PnL at the marks.</summary>
    UnrealizedPnl = 1,
}
