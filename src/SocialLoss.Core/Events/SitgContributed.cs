using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>The clearing house put its own capital (skin in the game) in the waterfall.</summary>
public sealed record SitgContributed(Money Amount, Money Total) : EngineEvent;
