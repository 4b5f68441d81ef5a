using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Server;

/// <summary>
/// A view kept up to date from the engine's event stream (event window, dashboard history, metrics). The replica calls
/// it under its state lock, in journal order, for every command it applies, live or during recovery.
/// </summary>
public interface IReadModel
{
    /// <summary>One event of the command being applied, with its stored (wire) form.</summary>
    void OnEvent(EngineEvent e, StoredEvent stored);

    /// <summary>The command at <paramref name="position"/> is applied (after its events); <paramref name="live"/> is false during recovery.</summary>
    void OnCommand(Command command, long position, Ledger ledger, bool live);
}
