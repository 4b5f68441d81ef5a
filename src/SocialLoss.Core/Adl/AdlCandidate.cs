using SocialLoss.Core.Accounts;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>An opposing position in the ADL queue.</summary>
/// <param name="Account">The account holding it.</param>
/// <param name="Quantity">Its signed size.</param>
/// <param name="Score">Its ranking score.</param>
public readonly record struct AdlCandidate(Account Account, Quantity Quantity, AdlScore Score);
