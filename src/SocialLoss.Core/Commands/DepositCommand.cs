using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>Collateral into an account (created on first deposit).</summary>
public sealed record DepositCommand(AccountId Account, Money Amount) : Command;
