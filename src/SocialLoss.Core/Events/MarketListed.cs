using SocialLoss.Core.Markets;

namespace SocialLoss.Core.Events;

/// <summary>A market was listed.</summary>
public sealed record MarketListed(MarketSpec Spec) : EngineEvent;
