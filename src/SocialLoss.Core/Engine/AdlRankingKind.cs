namespace SocialLoss.Core.Engine;

/// <summary>How opposing positions are queued for auto-deleveraging. Numbers are frozen (persisted).</summary>
public enum AdlRankingKind
{
    /// <summary>BitMEX: PnL% x effective leverage (PnL% / effective leverage when losing).</summary>
    Bitmex = 1,

    /// <summary>Binance: PnL% (of wallet balance) x margin ratio.</summary>
    Binance = 2,

    /// <summary>Hyperliquid: (mark / entry) x (notional / account value), profit direction.</summary>
    Hyperliquid = 3,

    /// <summary>Largest position first.</summary>
    Size = 4,

    /// <summary>dYdX v4: opposing accounts in id order from a seeded pseudo-random start, walked greedily.</summary>
    Dydx = 5,

    /// <summary>Every opposing position reduced by its capped pro-rata share of profit, in whole lots.</summary>
    Fair = 6,
}
