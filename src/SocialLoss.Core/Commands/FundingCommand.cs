using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>A funding payment: longs pay shorts <c>rate x notional at mark</c> (shorts pay longs when negative).</summary>
public sealed record FundingCommand(MarketId Market, Rate Rate) : Command;
