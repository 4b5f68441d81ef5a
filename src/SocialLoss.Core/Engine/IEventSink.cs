using SocialLoss.Core.Events;

namespace SocialLoss.Core.Engine;

/// <summary>Where the engine's parts send events: numbered, applied to the ledger, recorded.</summary>
internal interface IEventSink
{
    /// <summary>The state the events apply to.</summary>
    Ledger Ledger { get; }

    /// <summary>Numbers, applies and records an event.</summary>
    void Emit(EngineEvent e);
}
