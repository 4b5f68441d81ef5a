using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>A clearing member pays <see cref="DefaultFund"/> into the default fund.</summary>
public sealed record MemberCommand(AccountId Account, Money DefaultFund) : Command;
