namespace SocialLoss.Core.Commands;

/// <summary>An instruction to the engine. Decimal inputs that depend on a market's tick or lot size stay decimal until the engine converts them.</summary>
public abstract record Command;
