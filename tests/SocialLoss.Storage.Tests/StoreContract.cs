using CsCheck;

namespace SocialLoss.Storage.Tests;

/// <summary>
/// What every <see cref="IClearingStore"/> promises, run once per store (<see cref="SqliteStoreTests"/>,
/// <see cref="PostgresStoreTests"/>): the service cannot tell which one it has.
/// </summary>
public abstract class StoreContract : IDisposable
{
    /// <summary>Opens (or reopens) the store under test; every call sees the same data.</summary>
    protected abstract IClearingStore Open(StoreOptions? options = null);

    /// <summary>Runs SQL on the store's tables behind its back (journal, requests, snapshots, api_keys).</summary>
    protected abstract void Raw(string sql);

    public abstract void Dispose();

    protected static string Line(int i) => $"{{\"type\":\"deposit\",\"account\":\"a{i}\",\"amount\":\"{i}\"}}";

    protected static AppendRequest Batch(int from, int count, string? id = null) =>
        new([.. Enumerable.Range(from, count).Select(Line)], id, id is null ? null : "hash-" + id);

    [Fact]
    public void Appends_in_order_and_survive_reopening()
    {
        using (var store = Open())
        {
            Assert.True(store.Recovery.Clean);
            Assert.Equal(0, store.LastPosition);
            var firsts = store.Append([Batch(1, 3), Batch(4, 2, "r1")]);
            Assert.Equal([1L, 4L], firsts);
            Assert.Equal([6L], store.Append([Batch(6, 1)]));
        }

        using var reopened = Open();
        Assert.True(reopened.Recovery.Clean);
        Assert.Equal(6, reopened.LastPosition);
        Assert.Equal(Enumerable.Range(1, 6).Select(Line), reopened.Read().Select(r => r.Line));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), reopened.Read().Select(r => r.Position));
        var req = Assert.Single(reopened.Requests());
        Assert.Equal(new RequestEntry("r1", "hash-r1", 4, 5), req);
        Assert.Equal([5L, 6L], reopened.Read(4).Select(r => r.Position));
    }

    [Fact]
    public void Any_lines_round_trip_at_dense_one_based_positions()
    {
        using var store = Open();
        var lines = Gen.String[Gen.Char.AlphaNumeric, 0, 40].Select(s => "{\"note\":\"" + s + "\u00e9\u20ac\"}");
        var requests = Gen.Select(lines.List[0, 20], Gen.Bool, (l, withId) => (l, withId)).List[1, 5];
        int id = 0;
        // one thread: each sample appends after the previous one and reads back exactly its own records
        requests.Sample(batch =>
        {
            long before = store.LastPosition;
            var appended = batch.Select(b => new AppendRequest(b.l, b.withId ? $"id{++id}" : null, "h")).ToList();
            var firsts = store.Append(appended);
            var expected = appended.SelectMany(a => a.Lines).ToList();
            var read = store.Read(before).ToList();
            long p = before;
            for (int i = 0; i < appended.Count; i++)
            {
                Assert.Equal(p + 1, firsts[i]);
                p += appended[i].Lines.Count;
            }

            Assert.Equal(expected, read.Select(r => r.Line));
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => before + i), read.Select(r => r.Position));
            Assert.Equal(before + expected.Count, store.LastPosition);
        }, iter: 25, threads: 1);

        long total = store.LastPosition;
        store.Dispose();
        using var reopened = Open();
        Assert.True(reopened.Recovery.Clean);
        Assert.Equal(total, reopened.LastPosition);
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), reopened.Read().Select(r => r.Position));
        Assert.Equal(id, reopened.Requests().Count);
    }

    [Fact]
    public void A_batch_of_requests_commits_whole_or_not_at_all()
    {
        bool fail = false;
        using (var store = Open(new StoreOptions { BeforeCommit = () => { if (fail) throw new IOException("injected fsync failure"); } }))
        {
            Assert.Equal([1L, 3L, 13L], store.Append([Batch(1, 2, "a"), Batch(3, 10), Batch(13, 1000, "b")]));
            fail = true;
            var e = Assert.Throws<StorageException>(() => store.Append([Batch(2000, 5, "c"), Batch(2005, 500), Batch(2505, 1, "d")]));
            Assert.Contains("injected fsync failure", e.Message);
            Assert.Equal(1012, store.LastPosition);
        }

        using var reopened = Open();
        Assert.Equal(1012, reopened.LastPosition);
        Assert.Equal(1012, reopened.Read().Count());
        Assert.Equal(["a", "b"], reopened.Requests().Select(r => r.RequestId).Order());
        Assert.Equal(new RequestEntry("b", "hash-b", 13, 1012), reopened.Requests().Single(r => r.RequestId == "b"));
    }

    [Fact]
    public void A_request_id_is_recorded_once()
    {
        using var store = Open();
        store.Append([Batch(1, 2, "same")]);
        Assert.Throws<StorageException>(() => store.Append([Batch(3, 2, "same")]));
        Assert.Equal(2, store.LastPosition);
        Assert.Equal([3L], store.Append([Batch(3, 1)]));
        Assert.Equal(new RequestEntry("same", "hash-same", 1, 2), Assert.Single(store.Requests()));
    }

    [Fact]
    public void Torn_last_record_is_detected_reported_and_cut()
    {
        using (var store = Open())
            store.Append([Batch(1, 5), Batch(6, 5, "tail")]);
        // the last record lost its end (a torn write): its checksum no longer matches
        Raw("UPDATE journal SET line = substr(line, 1, 20) WHERE pos = 10");
        using var reopened = Open();
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
        using (var store = Open())
            store.Append([Batch(1, 10)]);
        Raw("UPDATE journal SET line = replace(line, '\"a7\"', '\"a8\"') WHERE pos = 7");
        using var reopened = Open();
        Assert.Contains("record 7: checksum mismatch", reopened.Recovery.Problem);
        Assert.Contains("journal cut after record 6, 4 record(s) dropped", reopened.Recovery.Problem);
        Assert.Equal(4, reopened.Recovery.DroppedRecords);
        Assert.Equal(6, reopened.LastPosition);
        Assert.Equal(Enumerable.Range(1, 6).Select(Line), reopened.Read().Select(r => r.Line));
    }

    [Fact]
    public void Reading_a_record_corrupted_while_open_fails_loudly()
    {
        using var store = Open();
        store.Append([Batch(1, 5)]);
        Raw("UPDATE journal SET line = replace(line, '\"a3\"', '\"a4\"') WHERE pos = 3");
        Assert.Equal(2, store.Read().Take(2).Count());
        var e = Assert.Throws<StorageException>(() => store.Read().ToList());
        Assert.Contains("journal record 3: checksum mismatch", e.Message);
    }

    [Fact]
    public void A_missing_record_cuts_the_journal_before_the_gap()
    {
        using (var store = Open())
            store.Append([Batch(1, 5)]);
        Raw("DELETE FROM journal WHERE pos = 3");
        using var reopened = Open();
        Assert.Contains("record 3 is missing", reopened.Recovery.Problem);
        Assert.Equal(2, reopened.LastPosition);
    }

    [Fact]
    public void Failed_commit_is_not_acknowledged_and_leaves_nothing_behind()
    {
        bool fail = false;
        using (var store = Open(new StoreOptions { BeforeCommit = () => { if (fail) throw new IOException("injected fsync failure"); } }))
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

        using var reopened = Open();
        Assert.True(reopened.Recovery.Clean);
        Assert.Equal([Line(1), Line(2), Line(3), Line(7)], reopened.Read().Select(r => r.Line));
        Assert.Empty(reopened.Requests());
    }

    [Fact]
    public void Latest_snapshot_wins_and_one_at_the_same_position_is_replaced()
    {
        using (var store = Open())
        {
            Assert.Null(store.LatestSnapshot(out var none));
            Assert.Empty(none);
            store.Append([Batch(1, 20)]);
            store.SaveSnapshot(new Snapshot(10, "aaaa", 30));
            store.SaveSnapshot(new Snapshot(20, "bbbb", 60));
            store.SaveSnapshot(new Snapshot(20, "cccc", 61));
        }

        using var reopened = Open();
        Assert.Equal(new Snapshot(20, "cccc", 61), reopened.LatestSnapshot(out var problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void Snapshot_with_a_flipped_byte_is_ignored_for_the_previous_one()
    {
        using (var store = Open())
        {
            store.Append([Batch(1, 20)]);
            store.SaveSnapshot(new Snapshot(10, "aaaa", 30));
            store.SaveSnapshot(new Snapshot(20, "bbbb", 60));
        }

        Raw("UPDATE snapshots SET state_hash = 'bbbc' WHERE pos = 20");
        using var reopened = Open();
        var s = reopened.LatestSnapshot(out var problems);
        Assert.Equal(new Snapshot(10, "aaaa", 30), s);
        Assert.Contains("snapshot at journal position 20: checksum mismatch", Assert.Single(problems));
    }

    [Fact]
    public void Snapshots_beyond_a_cut_tail_are_dropped()
    {
        using (var store = Open())
        {
            store.Append([Batch(1, 20)]);
            store.SaveSnapshot(new Snapshot(20, "cccc", 60));
        }

        Raw("UPDATE journal SET crc = crc + 1 WHERE pos = 15");
        using var reopened = Open();
        Assert.Null(reopened.LatestSnapshot(out _));
        Assert.Equal(14, reopened.LastPosition);
    }

    [Fact]
    public void Keys_are_stored_by_hash()
    {
        using (var store = Open())
        {
            store.AddKey(new ApiKeyRecord("h1", "operator", null));
            store.AddKey(new ApiKeyRecord("h2", "account", "alice"));
        }

        using var reopened = Open();
        Assert.Equal(2, reopened.Keys().Count);
        Assert.Equal(new ApiKeyRecord("h1", "operator", null), reopened.FindKey("h1"));
        Assert.Equal(new ApiKeyRecord("h2", "account", "alice"), reopened.FindKey("h2"));
        Assert.Null(reopened.FindKey("nope"));
    }
}
