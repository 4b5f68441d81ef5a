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
}
