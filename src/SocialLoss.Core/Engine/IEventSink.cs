using SocialLoss.Core.Events;

namespace SocialLoss.Core.Engine;

/// <summary>Where the engine's parts send events: numbered, applied to the ledger, recorded.</summary>
internal interface IEventSink
{
    /// <summary>The state the events apply to.</summary>
    Ledger Ledger { get; }

    /// <summary>Numbers, applies and records an event.</summary>
    void Emit(EngineEvent e);

    /// <summary>Accounts to check for liquidation: every account an event touched since the command began, plus the mark's candidates.</summary>
    SweepQueue Pending { get; }

    /// <summary>The ADL queue of one side of a market, highest score first.</summary>
    IEnumerable<Adl.AdlCandidate> AdlQueue(Numbers.MarketId market, int side);

    /// <summary>The time of the command being executed, when it has one.</summary>
    Numbers.Timestamp? Time { get; }

    /// <summary>Use the naive full-scan sweep (the oracle the indexed sweep is tested against).</summary>
    bool FullScan { get; }
}
