using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// Something that happened. Events are the only way the ledger changes: the engine decides, emits an
/// event and applies it, so replaying the events rebuilds the state exactly.
/// </summary>
public abstract record EngineEvent
{
    /// <summary>1-based position in the event stream.</summary>
    public long Seq { get; init; }

    /// <summary>1-based line of the command that caused it.</summary>
    public int Cmd { get; init; }

    /// <summary>The <see cref="Commands.Command.Time"/> of the command that caused it, when it had one.</summary>
    public Timestamp? Time { get; init; }
}
