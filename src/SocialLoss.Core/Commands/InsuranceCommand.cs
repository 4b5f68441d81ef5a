using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>A top-up of the insurance fund.</summary>
public sealed record InsuranceCommand(Money Amount) : Command;
