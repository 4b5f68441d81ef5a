using SocialLoss.Contract;
using SocialLoss.Storage;
using SocialLoss.Storage.Tests;

namespace SocialLoss.Server.Tests;

/// <summary>
/// The service on a PostgreSQL journal that lost acknowledged rows behind its back (a table restored from an older dump):
/// the <c>acknowledged</c> row, committed with every batch, tells, and the service starts fenced instead of trading on a
/// shorter history. (Loss of PostgreSQL's own WAL cannot be seen from inside the same server; that is its durability's job.)
/// </summary>
public sealed class PostgresDamageTests : IDisposable
{
    private readonly string _schema;
    private readonly string _db;

    public PostgresDamageTests()
    {
        _db = TestPostgres.NewSchema(out _schema);
    }

    public void Dispose() => TestPostgres.Drop(_schema);

    [Fact]
    public async Task Journal_rows_lost_behind_the_service_fence_it_on_restart_and_writes_are_refused()
    {
        var lines = Scenario.DemoCrash();
        using (var store = ClearingStore.Open(_db))
        using (var service = new ClearingService(store, snapshotEvery: 1_000_000))
        {
            foreach (var chunk in lines.Chunk(5))
                _ = (await service.SubmitAsync(chunk, [.. chunk.Select(CommandParser.Parse)], null, "body")).Value;
        }

        TestPostgres.Raw(_schema, "DELETE FROM journal WHERE pos > 10");
        using (var store = ClearingStore.Open(_db))
        using (var service = new ClearingService(store))
        {
            Assert.True(store.Recovery.Fenced);
            Assert.Contains($"storage damage found on start: the journal ends at record 10 but {lines.Length} were acknowledged (table acknowledged)", service.Fault);
            Assert.Contains("DELETE FROM acknowledged", service.Fault);
            Assert.Equal(10, service.Position);
            Assert.Equal(Scenario.StateHashOfReplay(lines.Take(10)), service.StateHash());
            Assert.Equal(SubmitError.Faulted, (await service.SubmitAsync([lines[0]], [CommandParser.Parse(lines[0])], null, "body")).Error);
        }

        // the operator accepts the shorter journal
        TestPostgres.Raw(_schema, "DELETE FROM acknowledged");
        using (var store = ClearingStore.Open(_db))
        using (var service = new ClearingService(store))
        {
            Assert.Null(service.Fault);
            Assert.Equal(10, service.Position);
        }
    }
}
