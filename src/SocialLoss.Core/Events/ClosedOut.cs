using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// Part of a liquidated position was closed: the account's position shrinks by <see cref="Quantity"/>
/// lots toward zero and the counterparty takes the other side at <see cref="Price"/>.
/// </summary>
public sealed record ClosedOut(AccountId Account, MarketId Market, AccountId Counterparty, CloseOutVia Via,
    Quantity Quantity, Price Price) : EngineEvent;
