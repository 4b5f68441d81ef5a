using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// An opposing position was auto-deleveraged: <see cref="Account"/>'s position shrinks by
/// <see cref="Quantity"/> lots toward zero against the liquidated <see cref="Counterparty"/>, at
/// <see cref="Price"/>. <see cref="Rank"/> is its 1-based place in the queue.
/// </summary>
public sealed record Deleveraged(AccountId Account, AccountId Counterparty, MarketId Market, Quantity Quantity,
    Price Price, int Rank) : EngineEvent;
