using System.Text.Json;
using SocialLoss.Contract;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>The service's jobs work apart: a journal follower brings a second replica to the primary's state, and the history takes the injected clock.</summary>
public sealed class ServiceSplitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-split-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task A_follower_on_the_journal_reaches_the_primarys_state_hash_and_events()
    {
        using var store = SqliteStore.Open(Path.Combine(_dir, "f.db"));
        using var primary = new ClearingService(store);
        var (setup, crash) = Scenario.Split();
        Assert.NotNull((await primary.SubmitAsync(setup, [.. setup.Select(CommandParser.Parse)], null, "")).Result);

        // a standby: its own replica and read models, recovered from the same journal, then tailing it
        var window = new EventWindow(1_000_000);
        var history = new DashboardHistory(TimeProvider.System);
        var follower = new JournalFollower(store, [window, history], window, history);
        var recovered = follower.Recover();
        Assert.Null(recovered.Fence);
        Assert.Equal(primary.StateHash(), recovered.Replica.StateHash());

        Assert.NotNull((await primary.SubmitAsync(crash, [.. crash.Select(CommandParser.Parse)], null, "")).Result);
        var (applied, failure) = follower.CatchUp(recovered.Replica);
        Assert.Null(failure);
        Assert.Equal(crash.Length, applied);
        Assert.Equal(primary.Position, recovered.Replica.Position);
        Assert.Equal(primary.StateHash(), recovered.Replica.StateHash());
        Assert.Equal(primary.EventsSince(0, int.MaxValue, null).Select(e => e.Json), window.Since(0, int.MaxValue, null).Select(e => e.Json));
        Assert.Equal(0, follower.CatchUp(recovered.Replica).Applied);
    }

    [Fact]
    public async Task History_is_stamped_by_the_injected_clock()
    {
        var at = new DateTimeOffset(2025, 10, 10, 21, 16, 4, TimeSpan.Zero);
        var db = Path.Combine(_dir, "h.db");
        string key;
        using (var s = SqliteStore.Open(db))
            key = ApiKeys.Create(s, ApiKeys.OperatorRole, null);
        var app = ServiceHost.Build(new ServiceOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"], Time = new FixedClock(at) });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var r = await http.PostAsync("/commands", new StringContent(string.Join('\n', Scenario.DemoCrash())));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            var history = JsonDocument.Parse(await http.GetStringAsync("/history")).RootElement;
            Assert.True(history.GetArrayLength() > 1);
            Assert.All(history.EnumerateArray(), p => Assert.Equal(at, p.GetProperty("time").GetDateTimeOffset()));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
