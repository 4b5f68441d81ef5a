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

    /// <summary>
    /// Water-filling on leverage (Campbell, Hey, Moallemi, Nutz, arXiv 2603.15963): the most-leveraged opposing
    /// positions (notional at mark / account equity) are cut first, down to a common leverage, in whole lots.
    /// </summary>
    Leverage = 7,

    /// <summary>
    /// Online budgeted ADL (Chitra, Thogiti, Trujillo Ramirez, Xu, arXiv 2602.15182): closes only the lots whose
    /// bankruptcy-price fills cover the shortfall left after the insurance fund, allocated min-max over the winners
    /// (each loses the same share of its equity, never more than its profit); the rest goes to the fund at mark.
    /// </summary>
    Budgeted = 8,
}
