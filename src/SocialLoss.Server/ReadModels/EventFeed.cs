using System.Threading.Channels;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Server;

/// <summary>The live event feed behind <c>/events/stream</c>: every applied event goes to each subscriber's bounded channel.</summary>
public sealed class EventFeed : IReadModel, IDisposable
{
    private readonly Lock _gate = new();
    private Channel<StoredEvent>[] _subscribers = []; // copy on write: the applying thread reads it without the lock

    /// <summary>Number of live subscribers.</summary>
    public int Count => Volatile.Read(ref _subscribers).Length;

    /// <summary>A feed of every new event; dispose the subscription to stop it. A reader too slow to keep up loses the oldest events.</summary>
    public Subscription Subscribe()
    {
        var ch = Channel.CreateBounded<StoredEvent>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
            _subscribers = [.. _subscribers, ch];
        return new Subscription(ch.Reader, () =>
        {
            lock (_gate)
                _subscribers = [.. _subscribers.Where(s => s != ch)];
        });
    }

    /// <inheritdoc/>
    public void OnEvent(EngineEvent e, StoredEvent stored)
    {
        foreach (var s in Volatile.Read(ref _subscribers))
            s.Writer.TryWrite(stored);
    }

    /// <inheritdoc/>
    public void OnCommand(Command command, long position, Ledger ledger, bool live)
    {
    }

    /// <summary>Ends every subscriber's feed.</summary>
    public void Dispose()
    {
        foreach (var s in Volatile.Read(ref _subscribers))
            s.Writer.TryComplete();
    }
}
