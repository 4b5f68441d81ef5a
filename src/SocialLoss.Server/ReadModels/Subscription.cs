using System.Threading.Channels;

namespace SocialLoss.Server;

/// <summary>A live event feed from <see cref="EventFeed.Subscribe"/>.</summary>
public sealed class Subscription(ChannelReader<StoredEvent> reader, Action unsubscribe) : IDisposable
{
    /// <summary>The events, as they are produced.</summary>
    public ChannelReader<StoredEvent> Reader { get; } = reader;

    /// <summary>Stops the feed.</summary>
    public void Dispose() => unsubscribe();
}
