using Microsoft.Data.Sqlite;
using SocialLoss.Storage;

namespace SocialLoss.Storage.Tests;

/// <summary>Full snapshots: the image is stored, checksummed with the rest, pruned, and older databases are migrated.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-snap-").FullName;

    private string Db => Path.Combine(_dir, "journal.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static byte[] Image(int n) => [.. Enumerable.Range(0, 3000 + n).Select(i => unchecked((byte)(i * 7 + n)))];

    private static void Journal(SqliteStore store, int records) =>
        store.Append([new AppendRequest([.. Enumerable.Range(1, records).Select(i => $"{{\"type\":\"insurance\",\"amount\":\"{i}\"}}")])]);

    private static SqliteConnection Connect(string db)
    {
        var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        return c;
    }

    [Fact]
    public void Image_is_stored_and_read_back_newest_first()
    {
        using (var store = SqliteStore.Open(Db))
        {
            Journal(store, 30);
            store.SaveSnapshot(new Snapshot(10, "h10", 11, Image(10)));
            store.SaveSnapshot(new Snapshot(20, "h20", 21, Image(20)));
            store.SaveSnapshot(new Snapshot(25, "h25", 26));
        }

        using var reopened = SqliteStore.Open(Db);
        var problems = new List<string>();
        var all = reopened.Snapshots(problems).ToList();
        Assert.Empty(problems);
        Assert.Equal([25L, 20L, 10L], all.Select(s => s.Position));
        Assert.Null(all[0].Image);
        Assert.Equal(Image(20), all[1].Image);
        Assert.Equal(new Snapshot(20, "h20", 21), all[1] with { Image = null });
        Assert.Equal(25, reopened.LatestSnapshot(out _)!.Position);
    }

    [Fact]
    public void Flipped_byte_in_an_image_fails_the_checksum_and_the_older_snapshot_is_next()
    {
        using (var store = SqliteStore.Open(Db))
        {
            Journal(store, 30);
            store.SaveSnapshot(new Snapshot(10, "h10", 11, Image(10)));
            store.SaveSnapshot(new Snapshot(20, "h20", 21, Image(20)));
        }

        using (var c = Connect(Db))
        {
            var image = Image(20);
            image[1234] ^= 0x10;
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE snapshots SET image = $i WHERE pos = 20";
            cmd.Parameters.Add("$i", SqliteType.Blob).Value = image;
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        using var reopened = SqliteStore.Open(Db);
        var problems = new List<string>();
        var first = reopened.Snapshots(problems).First();
        Assert.Equal(10, first.Position);
        Assert.Equal(Image(10), first.Image);
        Assert.Contains("snapshot at journal position 20: checksum mismatch", Assert.Single(problems));
    }

    [Fact]
    public void Only_the_newest_snapshots_are_kept()
    {
        using var store = SqliteStore.Open(Db, new StoreOptions { KeepSnapshots = 2 });
        Journal(store, 50);
        for (int p = 10; p <= 50; p += 10)
            store.SaveSnapshot(new Snapshot(p, "h", p, Image(p)));
        Assert.Equal([50L, 40L], store.Snapshots(new List<string>()).Select(s => s.Position));
    }

    [Fact]
    public void Failed_snapshot_commit_throws_and_writes_nothing()
    {
        bool fail = false;
        using var store = SqliteStore.Open(Db, new StoreOptions { KeepSnapshots = 1, BeforeCommit = () => { if (fail) throw new IOException("injected fsync failure"); } });
        Journal(store, 20);
        store.SaveSnapshot(new Snapshot(10, "h10", 10, Image(10)));
        fail = true;
        Assert.Contains("injected fsync failure", Assert.Throws<StorageException>(() => store.SaveSnapshot(new Snapshot(20, "h20", 20, Image(20)))).Message);
        Assert.Equal(10, Assert.Single(store.Snapshots(new List<string>())).Position); // nor pruned the old one
    }

    [Fact]
    public void Database_from_before_images_is_migrated_and_its_checkpoints_still_verify()
    {
        using (var c = Connect(Db))
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                CREATE TABLE journal(pos INTEGER PRIMARY KEY, line TEXT NOT NULL, crc INTEGER NOT NULL);
                CREATE TABLE snapshots(pos INTEGER PRIMARY KEY, state_hash TEXT NOT NULL, last_seq INTEGER NOT NULL, crc INTEGER NOT NULL);
                INSERT INTO journal VALUES (1, 'x', {(long)Checksum.Of(1, "x")});
                INSERT INTO snapshots VALUES (1, 'abc', 7, {(long)Checksum.Of(1, "abc|7")});
                """;
            cmd.ExecuteNonQuery();
        }

        using (var store = SqliteStore.Open(Db))
        {
            Assert.Equal(new Snapshot(1, "abc", 7), store.LatestSnapshot(out var problems));
            Assert.Empty(problems);
            store.Append([new AppendRequest(["y"])]);
            store.SaveSnapshot(new Snapshot(2, "def", 9, Image(2)));
        }

        using var reopened = SqliteStore.Open(Db);
        Assert.Equal(Image(2), reopened.LatestSnapshot(out _)!.Image);
    }

    [Fact]
    public void Checksum_of_head_and_tail_is_that_of_their_concatenation()
    {
        var bytes = Image(5);
        for (int split = 0; split <= 20; split++)
            Assert.Equal(Checksum.Of(9, bytes, []), Checksum.Of(9, bytes.AsSpan(0, split), bytes.AsSpan(split)));
        Assert.Equal(Checksum.Of(3, "hello"), Checksum.Of(3, "hello"u8, []));
    }
}
