namespace SocialLoss.Core.Engine;

/// <summary>The price at which a forced close (ADL, backstop) is done. Numbers are frozen (persisted).</summary>
public enum ClosePrice
{
    /// <summary>The liquidated position's bankruptcy price (BitMEX, Binance, Bybit).</summary>
    Bankruptcy = 1,

    /// <summary>The mark price (Hyperliquid).</summary>
    Mark = 2,

    /// <summary>FTX backstop price: ⅔ x zero price + ⅓ x mark (backstops only).</summary>
    Ftx = 3,

    /// <summary>
    /// The mark before the one that liquidated (ADL only): Hyperliquid closes the opposing positions "at the
    /// previous mark price" against the liquidation's mark; the current mark until a market has had two.
    /// Source: https://hyperliquid.gitbook.io/hyperliquid-docs/trading/auto-deleveraging
    /// </summary>
    PreviousMark = 4,
}
