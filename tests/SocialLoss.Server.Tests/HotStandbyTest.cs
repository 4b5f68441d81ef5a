using SocialLoss.Contract;
using SocialLoss.Storage;
using SocialLoss.Storage.Tests;

namespace SocialLoss.Server.Tests;

/// <summary>
/// A hot standby (issue 14): it applies the primary's journal to the same events and state hash, refuses writes with the
/// leader's address, and once promoted answers a retry of a request the old primary acknowledged from the replicated
/// idempotency record instead of applying it again.
/// </summary>
public sealed class HotStandbyTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-standby-").FullName;
    private readonly string _schema;
    private readonly string _db;

    public HotStandbyTest()
    {
        _db = TestPostgres.NewSchema(out _schema);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        TestPostgres.Drop(_schema);
    }

    private static async Task<SubmitResult> Submit(ClearingService svc, IReadOnlyList<string> lines, string? id) =>
        (await Outcome(svc, lines, id)).Value;

    private static Task<SubmitOutcome> Outcome(ClearingService svc, IReadOnlyList<string> lines, string? id) =>
        svc.SubmitAsync(lines, [.. lines.Select(CommandParser.Parse)], id, "hash-" + id);

    [Fact]
    public async Task ApplyReplicated_PrimarysJournalInChunks_SameEventsAndStateHash_WritesRefusedWithTheLeader()
    {
        var lines = Scenario.DemoCrash();
        using var primaryStore = SqliteStore.Open(Path.Combine(_dir, "primary.db"));
        using var primary = new ClearingService(primaryStore);
        foreach (var (chunk, i) in lines.Chunk(4).Select((c, i) => (c, i)))
            await Submit(primary, chunk, $"r{i}");

        using var standbyStore = SqliteStore.Open(Path.Combine(_dir, "standby.db"));
        using var standby = new ClearingService(standbyStore, role: NodeRole.Standby) { Leader = "http://127.0.0.1:16101" };
        using var feed = standby.Subscribe();
        var journal = primaryStore.Read().ToList();
        int half = journal.Count / 2;
        Assert.Equal(half, standby.ApplyReplicated(journal.Take(half), []));
        // an overlapping chunk: what is applied already is skipped
        Assert.Equal(journal.Count - half, standby.ApplyReplicated(journal.Skip(half - 3), primaryStore.Requests()));

        Assert.Equal(primary.Position, standby.Position);
        Assert.Equal(primary.StateHash(), standby.StateHash());
        Assert.Equal(primary.EventsSince(0, 100_000, null).Select(e => e.Json), standby.EventsSince(0, 100_000, null).Select(e => e.Json));
        int fed = 0;
        while (feed.Reader.TryRead(out _))
            fed++;
        Assert.Equal(standby.EventsSince(0, 100_000, null).Count, fed);

        var refused = await Outcome(standby, [lines[0]], null);
        Assert.Equal(SubmitError.NotPrimary, refused.Error);
        Assert.Contains("http://127.0.0.1:16101", refused.Message);
        Assert.Equal(NodeRole.Standby, standby.Role);
    }

    [Fact]
    public void ApplyReplicated_GapInTheJournal_Throws()
    {
        using var store = SqliteStore.Open(Path.Combine(_dir, "gap.db"));
        using var standby = new ClearingService(store, role: NodeRole.Standby);
        var e = Assert.Throws<InvalidOperationException>(() => standby.ApplyReplicated([new JournalRecord(2, """{"type":"insurance","amount":"1"}""")], []));
        Assert.Contains("replicated journal record 2 follows 0: a gap", e.Message);
    }

    [Fact]
    public async Task Follower_DatabasePromoted_CatchesUpThenTakesCommands_ARetryOfAnAcknowledgedRequestIsNotAppliedTwice()
    {
        var lines = Scenario.DemoCrash();
        using var standbyStore = PostgresStore.Open(_db);
        using var standby = new ClearingService(standbyStore, role: NodeRole.Standby);
        SubmitResult acknowledged;
        string hash;
        using (var primaryStore = PostgresStore.Open(_db))
        using (var primary = new ClearingService(primaryStore))
        {
            acknowledged = await Submit(primary, lines[..10], "before-failover");
            await Submit(primary, lines[10..], "rest");
            hash = primary.StateHash();
        } // the primary is gone; the database the standby reads is the leader now

        using var follower = new ReplicationFollower(standby, standbyStore, patroni: null, TextWriter.Null);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (standby.Role != NodeRole.Primary && DateTime.UtcNow < deadline)
            await Task.Delay(20);

        Assert.Equal(NodeRole.Primary, standby.Role);
        Assert.Equal(lines.Length, standby.Position);
        Assert.Equal(hash, standby.StateHash());
        Assert.NotNull(follower.PromotionMilliseconds);

        var retry = await Submit(standby, lines[..10], "before-failover");
        Assert.True(retry.Replayed);
        Assert.Equal((acknowledged.First, acknowledged.Last), (retry.First, retry.Last));
        Assert.Equal(hash, standby.StateHash());

        var next = await Submit(standby, ["""{"type":"insurance","amount":"5"}"""], "after-failover");
        Assert.Equal(lines.Length + 1, next.First);
        Assert.Equal(lines.Length + 1, standbyStore.LastPosition);
    }

    [Fact]
    public void PatroniLeader_ClusterDocument_GivesTheLeadersEngineTag()
    {
        // the shape of Patroni 3.0's GET /cluster (patroni/utils.py, cluster_as_json), as scripts/ha.sh's pair answers it
        using var doc = System.Text.Json.JsonDocument.Parse("""
            {"members": [
              {"name": "node1", "role": "replica", "state": "running", "api_url": "http://127.0.0.1:16001/patroni", "tags": {"engine": "http://127.0.0.1:16101"}, "lag": 0},
              {"name": "node2", "role": "leader", "state": "running", "api_url": "http://127.0.0.1:16002/patroni", "tags": {"engine": "http://127.0.0.1:16102"}}]}
            """);
        Assert.Equal("http://127.0.0.1:16102", PatroniLeader.Leader(doc.RootElement));
        using var none = System.Text.Json.JsonDocument.Parse("""{"members": [{"name": "node1", "role": "replica", "tags": {"engine": "http://x"}}]}""");
        Assert.Null(PatroniLeader.Leader(none.RootElement));
    }
}
