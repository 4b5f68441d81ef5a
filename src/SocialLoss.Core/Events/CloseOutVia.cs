namespace SocialLoss.Core.Events;

/// <summary>Who took (part of) a liquidated position. Numbers are frozen (persisted).</summary>
public enum CloseOutVia
{
    /// <summary>External liquidity (counterparty <c>market</c>).</summary>
    Book = 1,

    /// <summary>A backstop account.</summary>
    Backstop = 2,

    /// <summary>The insurance fund took it over at mark.</summary>
    Fund = 3,

    /// <summary>Torn up against a surviving opposite position at the mark (CCP tear-up).</summary>
    TearUp = 4,
}
