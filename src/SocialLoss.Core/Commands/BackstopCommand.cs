using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>Makes an account a backstop (or stops it being one).</summary>
public sealed record BackstopCommand(AccountId Account, bool Enabled) : Command;
