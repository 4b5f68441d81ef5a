using SocialLoss.Core.Engine;

namespace SocialLoss.Core.Events;

/// <summary>The loss policy was set.</summary>
public sealed record Configured(EngineConfig Config) : EngineEvent;
