namespace SocialLoss.Core.Engine;

/// <summary>A rung of the close-out ladder: who takes a liquidated position. Numbers are frozen (persisted).</summary>
public enum CloseOutStage
{
    /// <summary>External liquidity from the latest <c>book</c> command, counterparty <c>market</c>.</summary>
    Book = 1,

    /// <summary>Backstop accounts, pro rata to their remaining capacity, within their margin.</summary>
    Backstop = 2,

    /// <summary>Auto-deleveraging of opposing positions, by ranking.</summary>
    Adl = 3,
}
