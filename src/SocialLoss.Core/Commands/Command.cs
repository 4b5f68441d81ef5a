using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Commands;

/// <summary>An instruction to the engine. Decimal inputs that depend on a market's tick or lot size stay decimal until the engine converts them.</summary>
public abstract record Command
{
    /// <summary>
    /// When the command happened (optional, any command): echoed by every event it causes. It changes no state
    /// and is not in the state hash; times need not increase from one command to the next.
    /// </summary>
    public Timestamp? Time { get; init; }
}
