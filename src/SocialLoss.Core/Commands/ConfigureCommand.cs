using SocialLoss.Core.Engine;

namespace SocialLoss.Core.Commands;

/// <summary>Sets the loss policy; only before any other activity.</summary>
public sealed record ConfigureCommand(EngineConfig Config) : Command;
