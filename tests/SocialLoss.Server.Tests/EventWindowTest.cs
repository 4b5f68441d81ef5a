using Microsoft.Data.Sqlite;
using SocialLoss.Contract;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>The service holds a bounded window of recent events: the oldest are dropped and <c>FirstEventSeq</c> moves on.</summary>
public sealed class EventWindowTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-window-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(List<StoredEvent> Events, long FirstEventSeq, long LastSeq)> Run(string name, int keepEvents)
    {
        using var store = SqliteStore.Open(Path.Combine(_dir, name));
        using var svc = new ClearingService(store, keepEvents: keepEvents);
        foreach (var line in Scenario.DemoCrash())
            _ = (await svc.SubmitAsync([line], [CommandParser.Parse(line)], null, "body")).Value;
        return ([.. svc.EventsSince(0, int.MaxValue, null)], svc.FirstEventSeq, svc.Read(l => l.LastSeq));
    }

    [Fact]
    public async Task Oldest_events_beyond_the_window_are_dropped_and_the_rest_are_the_same_as_with_every_event_held()
    {
        var all = await Run("all.db", keepEvents: 1_000_000);
        var window = await Run("window.db", keepEvents: 10);

        Assert.Equal(1, all.FirstEventSeq);
        Assert.Equal(all.LastSeq, all.Events.Count);
        Assert.True(all.LastSeq > 20, $"the demo crash should make more than 20 events, made {all.LastSeq}");

        // dropped in chunks of half the window: never more than 1.5 windows held, never fewer than one
        Assert.InRange(window.Events.Count, 10, 14);
        Assert.Equal(window.LastSeq - window.FirstEventSeq + 1, window.Events.Count);
        Assert.Equal(window.FirstEventSeq, window.Events[0].Seq);
        Assert.Equal(
            all.Events.Skip((int)window.FirstEventSeq - 1).Select(e => (e.Seq, e.Json)),
            window.Events.Select(e => (e.Seq, e.Json)));
    }
}
