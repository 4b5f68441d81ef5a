namespace SocialLoss.Server;

/// <summary>An open position of an account; prices and amounts are decimal strings.</summary>
/// <param name="Market">The market.</param>
/// <param name="Quantity">Signed quantity (negative: short).</param>
/// <param name="Cost">Exact signed cost basis (uPnL = quantity × mark − cost).</param>
/// <param name="UnrealizedPnl">PnL at the mark; null before the market's first mark.</param>
/// <param name="LiquidationPrice">Mark at which the account is liquidated, rounded conservatively; null when no price of this market alone does it, or before a mark.</param>
/// <param name="BankruptcyPrice">Price at which a close leaves the account at zero equity; null before a mark.</param>
/// <param name="AdlRank">Place in the ADL queue of its side (1 = first); null when not in it.</param>
/// <param name="AdlQueueLength">Length of that queue; null when not in it.</param>
/// <param name="AdlIndicator">ADL lights 0–4 (4 = first in line); null when not in the queue.</param>
public sealed record PositionView(string Market, string Quantity, string Cost, string? UnrealizedPnl, string? LiquidationPrice, string? BankruptcyPrice,
    int? AdlRank, int? AdlQueueLength, int? AdlIndicator);
