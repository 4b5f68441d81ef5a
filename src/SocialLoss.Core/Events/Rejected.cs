namespace SocialLoss.Core.Events;

/// <summary>A well-formed command broke a rule and changed nothing.</summary>
public sealed record Rejected(RejectCode Code, string Reason) : EngineEvent;
