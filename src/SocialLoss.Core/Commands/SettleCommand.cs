namespace SocialLoss.Core.Commands;

/// <summary>Closes a settlement period: profit for the <c>period-profit</c> clawback base counts from here.</summary>
public sealed record SettleCommand : Command;
