namespace SocialLoss.Storage.Tests;

/// <summary>
/// What the replicated deployment (scripts/ha.sh) needs from the PostgreSQL store: a commit the synchronous standby
/// did not confirm is never acknowledged, the role probe, and a standby's store taking over appends after a promotion.
/// </summary>
public sealed class PostgresReplicationTests : IDisposable
{
    private readonly string _schema;
    private readonly string _connectionString;

    public PostgresReplicationTests()
    {
        _connectionString = TestPostgres.NewSchema(out _schema);
    }

    public void Dispose() => TestPostgres.Drop(_schema);

    private static AppendRequest Batch(int from, int count, string? id = null) =>
        new([.. Enumerable.Range(from, count).Select(i => $"{{\"type\":\"deposit\",\"account\":\"a{i}\",\"amount\":\"1\"}}")], id, id is null ? null : "hash-" + id);

    [Fact]
    public void Append_CommitWarnsThatSynchronousReplicationWasCancelled_IsNotAcknowledgedAndFences()
    {
        using var store = PostgresStore.Open(_connectionString);
        store.Append([Batch(1, 3)]);
        // A COMMIT whose wait for the synchronous standby is cancelled succeeds with this WARNING
        // (PostgreSQL src/backend/replication/syncrep.c, SyncRepWaitForLSN). A deferred constraint trigger makes the
        // server send the very same notice from inside COMMIT on a server without a standby.
        TestPostgres.Raw(_schema, """
            CREATE FUNCTION warn_unreplicated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE WARNING 'canceling wait for synchronous replication due to user request'
                USING DETAIL = 'The transaction has already committed locally, but might not have been replicated to the standby.';
              RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER unreplicated AFTER INSERT ON journal DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION warn_unreplicated();
            """);

        var e = Assert.Throws<StorageException>(() => store.Append([Batch(4, 2, "r")]));
        Assert.Contains("the commit of records 4..5 is durable on this server but the synchronous standby did not confirm it", e.Message);
        Assert.Contains("canceling wait for synchronous replication", e.Message);
        Assert.Equal(3, store.LastPosition);

        // fenced: nothing more is appended, even once commits are clean again
        TestPostgres.Raw(_schema, "DROP TRIGGER unreplicated ON journal");
        var refused = Assert.Throws<StorageException>(() => store.Append([Batch(6, 1)]));
        Assert.Contains("journal commit refused", refused.Message);

        // the rows are durable locally: a restart recovers them, as a replay of what is durable must
        using var reopened = PostgresStore.Open(_connectionString);
        Assert.Equal(5, reopened.LastPosition);
        Assert.Equal([6L], reopened.Append([Batch(6, 1)]));
    }

    [Fact]
    public void Append_OtherWarningsDuringCommit_AreAcknowledged()
    {
        using var store = PostgresStore.Open(_connectionString);
        TestPostgres.Raw(_schema, """
            CREATE FUNCTION warn_other() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE WARNING 'something else'; RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER other AFTER INSERT ON journal DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION warn_other();
            """);
        Assert.Equal([1L], store.Append([Batch(1, 2)]));
        Assert.Equal([3L], store.Append([Batch(3, 2)]));
    }

    [Fact]
    public void Probe_WritableServer_IsPrimaryWithItsLastPosition()
    {
        using var store = PostgresStore.Open(_connectionString);
        Assert.Equal((DatabaseRole.Primary, 0L), store.Probe());
        store.Append([Batch(1, 7)]);
        Assert.Equal((DatabaseRole.Primary, 7L), store.Probe());
    }

    [Fact]
    public void Refresh_AfterAnotherWriterAppended_ContinuesAfterItsRecords()
    {
        using var follower = PostgresStore.Open(_connectionString);
        using (var leader = PostgresStore.Open(_connectionString))
            leader.Append([Batch(1, 4, "first"), Batch(5, 2, "second")]);
        Assert.Equal(0, follower.LastPosition);
        Assert.Equal(6, follower.Refresh());
        Assert.Equal([7L], follower.Append([Batch(7, 1)]));
        Assert.Equal(["first"], follower.RequestsBetween(0, 4).Select(r => r.RequestId));
        Assert.Equal(["second"], follower.RequestsBetween(4, 7).Select(r => r.RequestId));
        Assert.Empty(follower.RequestsBetween(6, 7));
    }
}
