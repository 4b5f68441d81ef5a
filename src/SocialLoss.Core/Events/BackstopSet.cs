using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>An account became (or stopped being) a backstop.</summary>
public sealed record BackstopSet(AccountId Account, bool Enabled) : EngineEvent;
