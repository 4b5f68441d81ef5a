using Npgsql;

namespace SocialLoss.Storage.Tests;

/// <summary>The store contract on PostgreSQL (a schema of its own per test), and what only PostgreSQL has.</summary>
public sealed class PostgresStoreTests : StoreContract
{
    private readonly string _schema;
    private readonly string _connectionString;

    public PostgresStoreTests()
    {
        _connectionString = TestPostgres.NewSchema(out _schema);
    }

    protected override IClearingStore Open(StoreOptions? options = null) => PostgresStore.Open(_connectionString, options);

    protected override void Raw(string sql) => TestPostgres.Raw(_schema, sql);

    public override void Dispose() => TestPostgres.Drop(_schema);

    protected override long JournalRows() => Scalar<long>("SELECT count(*) FROM journal");

    private T Scalar<T>(string sql)
    {
        using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return (T)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void Opening_creates_the_schema_and_tables_and_uses_synchronous_commit()
    {
        using var store = Open();
        Assert.Equal(5L, Scalar<long>($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{_schema}'"));
        Assert.Equal("on", Scalar<string>($"SELECT setting FROM pg_settings WHERE name = 'synchronous_commit'"));
    }

    [Fact]
    public void A_batch_is_one_transaction()
    {
        using var store = Open();
        store.Append([Batch(1, 1000, "x"), Batch(1001, 1000), Batch(2001, 3, "y")]);
        store.Append([Batch(2004, 10)]);
        // rows written by one transaction share its id (xmin)
        Assert.Equal(1L, Scalar<long>("SELECT count(DISTINCT xmin::text) FROM journal WHERE pos <= 2003"));
        Assert.Equal(2L, Scalar<long>("SELECT count(DISTINCT xmin::text) FROM journal"));
        Assert.Equal(1L, Scalar<long>("SELECT count(DISTINCT r.xmin::text) FROM requests r JOIN journal j ON j.pos = 1 WHERE r.xmin = j.xmin"));
    }

    [Fact]
    public void Snapshot_image_round_trips_and_a_flipped_byte_in_it_is_caught()
    {
        byte[] image = [.. Enumerable.Range(0, 10_000).Select(i => unchecked((byte)(i * 7)))];
        using (var store = Open())
        {
            store.Append([Batch(1, 20)]);
            store.SaveSnapshot(new Snapshot(10, "aaaa", 30, [1, 2, 3]));
            store.SaveSnapshot(new Snapshot(20, "bbbb", 60, image));
            var s = store.LatestSnapshot(out var problems);
            Assert.Empty(problems);
            Assert.Equal((20L, "bbbb", 60L), (s!.Position, s.StateHash, s.LastSeq));
            Assert.Equal(image, s.Image);
        }

        Raw("UPDATE snapshots SET image = set_byte(image, 5000, get_byte(image, 5000) # 1) WHERE pos = 20");
        using var reopened = Open();
        var older = reopened.LatestSnapshot(out var found);
        Assert.Equal([1, 2, 3], older!.Image);
        Assert.Equal(10, older.Position);
        Assert.Contains("snapshot at journal position 20: checksum mismatch", Assert.Single(found));
    }

    [Fact]
    public void A_dropped_writer_connection_is_reopened_and_the_next_batch_lands()
    {
        using var store = Open();
        store.Append([Batch(1, 5)]);
        // the server restarts, or an administrator ends the session: only this test's sessions (by application name)
        Raw($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{_schema}'");
        Assert.Equal([6L], store.Append([Batch(6, 5)]));
        Assert.Equal(Enumerable.Range(1, 10).Select(Line), store.Read().Select(r => r.Line));
    }

    [Fact]
    public void An_unreachable_server_is_a_storage_error_naming_it_without_the_password()
    {
        var cs = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Port = 1, Password = "s3cret", Timeout = 5 };
        var e = Assert.Throws<StorageException>(() => PostgresStore.Open(cs.ToString()));
        Assert.Contains($"PostgreSQL at postgresql://{cs.Username}@{cs.Host}:1/{cs.Database}", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
        Assert.NotNull(e.InnerException);
    }

    [Fact]
    public void A_wrong_password_is_a_storage_error_saying_so()
    {
        var cs = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Password = "not-the-password" };
        var e = Assert.Throws<StorageException>(() => PostgresStore.Open(cs.ToString()));
        Assert.Contains("password authentication failed", e.Message);
        Assert.DoesNotContain("not-the-password", e.Message);
    }

    [Fact]
    public void A_uri_opens_the_same_database()
    {
        var cs = new NpgsqlConnectionStringBuilder(_connectionString);
        var uri = $"postgresql://{Uri.EscapeDataString(cs.Username!)}:{Uri.EscapeDataString(cs.Password!)}@{cs.Host}:{cs.Port}/{cs.Database}?search_path={_schema}";
        using (var store = ClearingStore.Open(uri))
        {
            Assert.IsType<PostgresStore>(store);
            store.Append([Batch(1, 3)]);
        }

        using var again = Open();
        Assert.Equal(3, again.LastPosition);
    }
}
