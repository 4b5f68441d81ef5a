using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>The external liquidity available to liquidations was replaced.</summary>
public sealed record BookUpdated(MarketId Market, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks) : EngineEvent;
