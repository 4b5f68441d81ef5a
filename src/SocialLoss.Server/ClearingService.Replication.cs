using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>The hot-standby side of the service: applying the leader's journal, promotion, stepping down.</summary>
public sealed partial class ClearingService
{
    /// <summary>Primary (takes commands) or hot standby (applies the leader's journal).</summary>
    public NodeRole Role => _role;

    /// <summary>The leader engine's base URL as last seen (a standby answers writes with it), or null.</summary>
    public string? Leader
    {
        get => _leader;
        set => _leader = value;
    }

    /// <summary>
    /// A standby applies journal records the leader committed, in order from <see cref="Position"/> + 1, exactly as the
    /// primary executed them (same events, same state hash at every position; the read models follow), and learns the
    /// idempotency records of the requests they complete so that a retry after a failover gets the first answer. Records
    /// at or before <see cref="Position"/> are skipped; a gap throws. Returns how many were applied.
    /// </summary>
    public int ApplyReplicated(IEnumerable<JournalRecord> records, IReadOnlyList<RequestEntry> requests)
    {
        if (_role != NodeRole.Standby)
            throw new InvalidOperationException("only a standby applies the leader's journal");
        int applied = 0;
        lock (_replica.State)
        {
            foreach (var record in records)
            {
                if (record.Position <= Position)
                    continue;
                if (record.Position != Position + 1)
                    throw new InvalidOperationException($"replicated journal record {record.Position} follows {Position}: a gap");
                Command command;
                try
                {
                    command = CommandParser.Parse(record.Line);
                }
                catch (CommandFormatException e)
                {
                    throw new InvalidOperationException($"replicated journal record {record.Position} does not parse ({e.Message})", e);
                }

                _replica.Apply(command, record.Position, live: true, into: null);
                applied++;
            }

            if (applied > 0)
                _history.Sample(Position, _replica.Engine.Ledger);
        }

        _pipeline.Learn(requests);
        return applied;
    }

    /// <summary>
    /// Makes this standby the primary: its database has been promoted and every record in it is applied (the caller's
    /// part), so commands are taken from now on, journaled after <see cref="Position"/>.
    /// </summary>
    public void Promote()
    {
        _leader = null;
        _role = NodeRole.Primary;
    }

    /// <summary>
    /// Stops a primary taking commands for good because its database is no longer the leader (demoted, or unreachable):
    /// another node may be taking commands, so accepting any here could fork the journal. 503 until restarted.
    /// </summary>
    public void StepDown(string reason) => _pipeline.Stop($"{reason}; this node no longer takes commands (restart it to rejoin as a standby)");
}
