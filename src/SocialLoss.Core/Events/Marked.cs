using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>A market's mark price moved.</summary>
public sealed record Marked(MarketId Market, Price Price) : EngineEvent;
