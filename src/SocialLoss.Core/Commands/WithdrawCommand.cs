using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>Collateral out of an account, up to its free collateral.</summary>
public sealed record WithdrawCommand(AccountId Account, Money Amount) : Command;
