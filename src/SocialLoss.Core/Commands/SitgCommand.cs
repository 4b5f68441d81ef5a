using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>The clearing house's skin in the game: its own capital, used after the defaulter's resources.</summary>
public sealed record SitgCommand(Money Amount) : Command;
