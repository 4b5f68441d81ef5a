using Microsoft.Data.Sqlite;
using SocialLoss.Storage;

namespace SocialLoss.Storage.Tests;

/// <summary>The store contract on SQLite, and what only SQLite has: WAL files, a size cap, torn WAL frames.</summary>
public sealed class SqliteStoreTests : StoreContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-store-").FullName;

    private string Db => Path.Combine(_dir, "journal.db");

    protected override IClearingStore Open(StoreOptions? options = null) => SqliteStore.Open(Db, options);

    protected override void Raw(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Uses_wal_mode()
    {
        using var store = SqliteStore.Open(Db);
        store.Append([Batch(1, 1)]);
        Assert.True(File.Exists(Db + "-wal"));
    }

    [Fact]
    public void Full_disk_fails_the_batch_whole_and_loses_nothing_acknowledged()
    {
        long acknowledged = 0;
        using (var store = SqliteStore.Open(Db, new StoreOptions { MaxPageCount = 40 }))
        {
            var e = Assert.Throws<StorageException>(() =>
            {
                for (int i = 0; i < 10_000; i++)
                {
                    store.Append([Batch(i * 50, 50)]);
                    acknowledged = store.LastPosition;
                }
            });
            Assert.Contains("full", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.True(acknowledged > 0);
            Assert.Equal(acknowledged, store.LastPosition);
        }

        using var reopened = SqliteStore.Open(Db);
        Assert.True(reopened.Recovery.Clean);
        Assert.Equal(acknowledged, reopened.LastPosition);
        Assert.Equal(acknowledged, reopened.Read().Count());
    }

    [Fact]
    public void Torn_wal_frame_loses_at_most_the_last_transaction_never_part_of_one()
    {
        string copy = Path.Combine(_dir, "crashed.db");
        using (var store = SqliteStore.Open(Db))
        {
            store.Append([Batch(1, 10)]);
            store.Append([Batch(11, 10)]);
            store.Append([Batch(21, 10)]);
            // a crash now: the files as they are on disk, then the WAL's last bytes torn off
            File.Copy(Db, copy);
            File.Copy(Db + "-wal", copy + "-wal");
        }

        using (var wal = new FileStream(copy + "-wal", FileMode.Open))
            wal.SetLength(wal.Length - 100);
        using var reopened = SqliteStore.Open(copy);
        Assert.True(reopened.Recovery.Clean);
        long n = reopened.LastPosition;
        Assert.True(n is 20 or 30, $"recovered {n} records");
        Assert.Equal(Enumerable.Range(1, (int)n).Select(Line), reopened.Read().Select(r => r.Line));
    }
}
