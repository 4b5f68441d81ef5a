using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// A position was taken over for liquidation because the account's equity fell below its maintenance
/// margin. The fills that close it follow as <see cref="ClosedOut"/> and <see cref="Deleveraged"/>.
/// </summary>
/// <param name="Account">The liquidated account.</param>
/// <param name="Market">The market of the position.</param>
/// <param name="Quantity">Signed size of the position liquidated.</param>
/// <param name="Price">The mark at liquidation.</param>
/// <param name="BankruptcyPrice">The price at which the account's equity is zero.</param>
/// <param name="Fee">Liquidation fee paid to the insurance fund for this position.</param>
/// <param name="Equity">Account equity when liquidated.</param>
/// <param name="MaintenanceMargin">Account maintenance margin when liquidated.</param>
public sealed record Liquidated(AccountId Account, MarketId Market, Quantity Quantity, Price Price,
    Price BankruptcyPrice, Money Fee, Money Equity, Money MaintenanceMargin) : EngineEvent;
