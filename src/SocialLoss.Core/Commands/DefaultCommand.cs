using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>Declares a member in default: all its positions are closed out and its loss goes down the waterfall.</summary>
public sealed record DefaultCommand(AccountId Account) : Command;
