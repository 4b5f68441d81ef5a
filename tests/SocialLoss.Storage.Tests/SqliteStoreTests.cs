using Microsoft.Data.Sqlite;
using SocialLoss.Storage;

namespace SocialLoss.Storage.Tests;

public sealed class JournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-store-").FullName;

    private string Db => Path.Combine(_dir, "journal.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Line(int i) => $"{{\"type\":\"deposit\",\"account\":\"a{i}\",\"amount\":\"{i}\"}}";

    private static AppendRequest Batch(int from, int count, string? id = null) =>
        new([.. Enumerable.Range(from, count).Select(Line)], id, id is null ? null : "hash-" + id);

    private static void Raw(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void Appends_in_order_and_survive_reopening()
    {
        using (var store = SqliteStore.Open(Db))
        {
            Assert.True(store.Recovery.Clean);
            var firsts = store.Append([Batch(1, 3), Batch(4, 2, "r1")]);
            Assert.Equal([1L, 4L], firsts);
            Assert.Equal([6L], store.Append([Batch(6, 1)]));
        }

        using var reopened = SqliteStore.Open(Db);
        Assert.True(reopened.Recovery.Clean);
        Assert.Equal(6, reopened.LastPosition);
        Assert.Equal(Enumerable.Range(1, 6).Select(Line), reopened.Read().Select(r => r.Line));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), reopened.Read().Select(r => r.Position));
        var req = Assert.Single(reopened.Requests());
        Assert.Equal(new RequestEntry("r1", "hash-r1", 4, 5), req);
        Assert.Equal([5L, 6L], reopened.Read(4).Select(r => r.Position));
    }

    [Fact]
    public void Uses_wal_mode()
    {
        using var store = SqliteStore.Open(Db);
        store.Append([Batch(1, 1)]);
        Assert.True(File.Exists(Db + "-wal"));
    }

    [Fact]
    public void Torn_last_record_is_detected_reported_and_cut()
    {
        using (var store = SqliteStore.Open(Db))
            store.Append([Batch(1, 5), Batch(6, 5, "tail")]);
        // the last record lost its end (a torn write): its checksum no longer matches
        Raw(Db, "UPDATE journal SET line = substr(line, 1, 20) WHERE pos = 10");
        using var reopened = SqliteStore.Open(Db);
        Assert.False(reopened.Recovery.Clean);
        Assert.Equal(9, reopened.Recovery.LastGoodPosition);
        Assert.Equal(1, reopened.Recovery.DroppedRecords);
        Assert.Contains("record 10", reopened.Recovery.Problem);
        Assert.Equal(9, reopened.LastPosition);
        Assert.Equal(Enumerable.Range(1, 9).Select(Line), reopened.Read().Select(r => r.Line));
        Assert.Empty(reopened.Requests()); // the request that ended in the torn record is gone with it
        // appending goes on after the last good record
        Assert.Equal([10L], reopened.Append([Batch(10, 1)]));
    }

    [Fact]
    public void Flipped_byte_is_caught_by_the_checksum_and_nothing_before_it_is_lost()
    {
        using (var store = SqliteStore.Open(Db))
            store.Append([Batch(1, 10)]);
        Raw(Db, "UPDATE journal SET line = replace(line, '\"a7\"', '\"a8\"') WHERE pos = 7");
        using var reopened = SqliteStore.Open(Db);
        Assert.Contains("record 7: checksum mismatch", reopened.Recovery.Problem);
        Assert.Equal(4, reopened.Recovery.DroppedRecords);
        Assert.Equal(Enumerable.Range(1, 6).Select(Line), reopened.Read().Select(r => r.Line));
    }

    [Fact]
    public void A_missing_record_cuts_the_journal_before_the_gap()
    {
        using (var store = SqliteStore.Open(Db))
            store.Append([Batch(1, 5)]);
        Raw(Db, "DELETE FROM journal WHERE pos = 3");
        using var reopened = SqliteStore.Open(Db);
        Assert.Contains("record 3 is missing", reopened.Recovery.Problem);
        Assert.Equal(2, reopened.LastPosition);
    }

    [Fact]
    public void Failed_commit_is_not_acknowledged_and_leaves_nothing_behind()
    {
        bool fail = false;
        using (var store = SqliteStore.Open(Db, new StoreOptions { BeforeCommit = () => { if (fail) throw new IOException("injected fsync failure"); } }))
        {
            store.Append([Batch(1, 3)]);
            fail = true;
            var e = Assert.Throws<StorageException>(() => store.Append([Batch(4, 3, "lost")]));
            Assert.Contains("injected fsync failure", e.Message);
            Assert.Equal(3, store.LastPosition);
            Assert.Equal(3, store.Read().Count());
            fail = false;
            Assert.Equal([4L], store.Append([Batch(7, 1)]));
        }

        using var reopened = SqliteStore.Open(Db);
        Assert.True(reopened.Recovery.Clean);
        Assert.Equal([Line(1), Line(2), Line(3), Line(7)], reopened.Read().Select(r => r.Line));
        Assert.Empty(reopened.Requests());
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
    public void Snapshot_with_a_flipped_byte_is_ignored_for_the_previous_one()
    {
        using (var store = SqliteStore.Open(Db))
        {
            store.Append([Batch(1, 20)]);
            store.SaveSnapshot(new Snapshot(10, "aaaa", 30));
            store.SaveSnapshot(new Snapshot(20, "bbbb", 60));
        }

        Raw(Db, "UPDATE snapshots SET state_hash = 'bbbc' WHERE pos = 20");
        using var reopened = SqliteStore.Open(Db);
        var s = reopened.LatestSnapshot(out var problems);
        Assert.Equal(new Snapshot(10, "aaaa", 30), s);
        Assert.Contains("snapshot at journal position 20: checksum mismatch", Assert.Single(problems));
    }

    [Fact]
    public void Snapshots_beyond_a_cut_tail_are_dropped()
    {
        using (var store = SqliteStore.Open(Db))
        {
            store.Append([Batch(1, 20)]);
            store.SaveSnapshot(new Snapshot(20, "cccc", 60));
        }

        Raw(Db, "UPDATE journal SET crc = crc + 1 WHERE pos = 15");
        using var reopened = SqliteStore.Open(Db);
        Assert.Null(reopened.LatestSnapshot(out _));
        Assert.Equal(14, reopened.LastPosition);
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

    [Fact]
    public void Keys_are_stored_by_hash()
    {
        using (var store = SqliteStore.Open(Db))
        {
            store.AddKey(new ApiKeyRecord("h1", "operator", null));
            store.AddKey(new ApiKeyRecord("h2", "account", "alice"));
        }

        using var reopened = SqliteStore.Open(Db);
        Assert.Equal(2, reopened.Keys().Count);
        Assert.Equal(new ApiKeyRecord("h2", "account", "alice"), reopened.FindKey("h2"));
        Assert.Null(reopened.FindKey("nope"));
    }

    [Fact]
    public void Checksum_covers_position_and_content()
    {
        Assert.NotEqual(Checksum.Of(1, "x"), Checksum.Of(2, "x"));
        Assert.NotEqual(Checksum.Of(1, "x"), Checksum.Of(1, "y"));
        Assert.Equal(Checksum.Of(5, "hello"), Checksum.Of(5, "hello"));
    }
}
