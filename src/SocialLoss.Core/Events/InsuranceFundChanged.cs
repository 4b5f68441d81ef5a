using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// The insurance fund's cash changed by <see cref="Change"/> to <see cref="Balance"/>. For fees and bad
/// debt, <see cref="Account"/> is the account that paid or was paid.
/// </summary>
public sealed record InsuranceFundChanged(Money Change, Money Balance, FundReason Reason, AccountId? Account) : EngineEvent;
