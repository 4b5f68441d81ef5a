using System.Buffers;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;

namespace SocialLoss.Server;

/// <summary>
/// One copy of the deterministic engine and the journal position it has reached. Commands are applied strictly in journal
/// order by one thread at a time (the recovery follower, then the commit pipeline's execution stage); each event is written
/// once in its wire form and handed to the read models. Reads take the state lock so no command runs meanwhile.
/// </summary>
public sealed class ClearingReplica
{
    private readonly EventWriter _writer;
    private readonly ArrayBufferWriter<byte> _eventLine = new(512); // reused: one event's line, copied out as its bytes
    private readonly IReadOnlyList<IReadModel> _models;

    /// <summary>A replica of <paramref name="engine"/> (new or restored from a snapshot) at journal <paramref name="position"/>.</summary>
    public ClearingReplica(ClearingEngine engine, long position, IReadOnlyList<IReadModel> models)
    {
        Engine = engine;
        Position = position;
        _models = models;
        _writer = new EventWriter(engine.Ledger);
    }

    /// <summary>The engine. Change it only through <see cref="Apply"/>; read its ledger through <see cref="Read{T}"/> off the applying thread.</summary>
    public ClearingEngine Engine { get; }

    /// <summary>The state lock: held while a command is applied and while a reader looks at the ledger.</summary>
    public Lock State { get; } = new();

    /// <summary>Last journal position applied.</summary>
    public long Position { get; private set; }

    /// <summary>Runs <paramref name="read"/> against the ledger under the state lock (no command executes meanwhile).</summary>
    public T Read<T>(Func<Ledger, T> read)
    {
        lock (State)
            return read(Engine.Ledger);
    }

    /// <summary>The state hash now.</summary>
    public string StateHash() => Read(SocialLoss.Contract.StateHash.Compute);

    /// <summary>
    /// Applies the journaled command at <paramref name="position"/>; its events go to the read models and, when
    /// <paramref name="into"/> is given, into it. The caller holds <see cref="State"/>.
    /// </summary>
    public void Apply(Command command, long position, bool live, List<StoredEvent>? into)
    {
        var produced = Engine.Execute(command, checked((int)position));
        Position = position;
        foreach (var e in produced)
        {
            _eventLine.ResetWrittenCount();
            _writer.WriteLine(e, _eventLine);
            var stored = new StoredEvent(e.Seq, e.Cmd, EventWriter.TypeName(e), _eventLine.WrittenSpan[..^1].ToArray(), EventAccounts.Of(e, command));
            into?.Add(stored);
            foreach (var m in _models)
                m.OnEvent(e, stored);
        }

        foreach (var m in _models)
            m.OnCommand(command, position, Engine.Ledger, live);
    }
}
