namespace SocialLoss.Core.Events;

/// <summary>A clawback period closed: every account's period profit starts again from zero.</summary>
public sealed record Settled : EngineEvent;
