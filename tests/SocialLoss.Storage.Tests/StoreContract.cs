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

    /// <summary>The journal's rows as they are in the database, damaged ones included.</summary>
    protected abstract long JournalRows();

    /// <summary>Inserts journal records behind the store's back, as a write that was never acknowledged would leave them; <paramref name="torn"/> ones get a wrong checksum.</summary>
    protected void RawRecords(int from, int to, params int[] torn)
    {
        foreach (var pos in Enumerable.Range(from, to - from + 1))
        {
            long crc = Checksum.Of(pos, Line(pos)) + (torn.Contains(pos) ? 1 : 0);
            Raw($"INSERT INTO journal(pos, line, crc) VALUES ({pos}, '{Line(pos)}', {crc})");
        }
    }

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
    public void Damaged_last_acknowledged_record_fences_the_store_and_keeps_everything()
    {
        using (var store = Open())
            store.Append([Batch(1, 5), Batch(6, 5, "tail")]);
        // the last record lost its end: it was acknowledged, so this is damage, not a torn write to cut
        Raw("UPDATE journal SET line = substr(line, 1, 20) WHERE pos = 10");
        for (int restart = 0; restart < 2; restart++)
        {
            using var reopened = Open();
            Assert.True(reopened.Recovery.Fenced);
            Assert.Equal(9, reopened.Recovery.LastGoodPosition);
            Assert.Equal(0, reopened.Recovery.DroppedRecords);
            Assert.Contains("journal record 10: checksum mismatch", reopened.Recovery.Problem);
            Assert.Contains("records 10..10 are kept", reopened.Recovery.Problem);
            Assert.Contains("restore the database from a standby or a backup", reopened.Recovery.Problem);
            Assert.Equal(9, reopened.LastPosition);
            Assert.Equal(Enumerable.Range(1, 9).Select(Line), reopened.Read().Take(9).Select(r => r.Line));
            Assert.Single(reopened.Requests()); // the request of the damaged record is kept with it
            var refused = Assert.Throws<StorageException>(() => reopened.Append([Batch(11, 1)]));
            Assert.Contains("fenced", refused.Message);
        }

        Assert.Equal(10, JournalRows());
    }

    [Fact]
    public void Torn_tail_beyond_the_acknowledged_record_is_cut()
    {
        using (var store = Open())
            store.Append([Batch(1, 10)]);
        // a crash in the middle of writing records 11 and 12, never answered: 11 is torn
        RawRecords(11, 12, torn: 11);
        using (var reopened = Open())
        {
            Assert.False(reopened.Recovery.Fenced);
            Assert.Equal(10, reopened.LastPosition);
            Assert.Equal(2, reopened.Recovery.DroppedRecords);
            Assert.Contains("journal record 11: checksum mismatch", reopened.Recovery.Problem);
            Assert.Contains("journal cut after record 10, 2 record(s) dropped", reopened.Recovery.Problem);
            Assert.Contains("beyond the last acknowledged record 10", reopened.Recovery.Problem);
            Assert.Equal(Enumerable.Range(1, 10).Select(Line), reopened.Read().Select(r => r.Line));
            // appending goes on after the last good record
            Assert.Equal([11L], reopened.Append([Batch(11, 1)]));
        }

        using var again = Open();
        Assert.True(again.Recovery.Clean);
        Assert.Equal(11, again.LastPosition);
    }

    [Fact]
    public void Intact_records_beyond_the_acknowledged_one_are_kept()
    {
        using (var store = Open())
            store.Append([Batch(1, 10)]);
        // committed, then the process died before the watermark was written: durable, so replayed, not cut
        RawRecords(11, 12);
        using var reopened = Open();
        Assert.True(reopened.Recovery.Clean);
        Assert.Equal(12, reopened.LastPosition);
    }

    [Fact]
    public void Flipped_byte_in_the_middle_fences_and_deletes_nothing_after_it()
    {
        using (var store = Open())
            store.Append([Batch(1, 10, "r")]);
        Raw("UPDATE journal SET line = replace(line, '\"a7\"', '\"a8\"') WHERE pos = 7");
        for (int restart = 0; restart < 2; restart++)
        {
            using var reopened = Open();
            Assert.True(reopened.Recovery.Fenced);
            Assert.Contains("journal record 7: checksum mismatch", reopened.Recovery.Problem);
            Assert.Contains("records 7..10 are kept (4 record(s), nothing deleted)", reopened.Recovery.Problem);
            Assert.Equal(0, reopened.Recovery.DroppedRecords);
            Assert.Equal(6, reopened.LastPosition);
            Assert.Equal(Enumerable.Range(1, 6).Select(Line), reopened.Read().Take(6).Select(r => r.Line));
            Assert.Single(reopened.Requests());
        }

        Assert.Equal(10, JournalRows());
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
    public void A_missing_record_fences_before_the_gap_and_keeps_what_follows()
    {
        using (var store = Open())
            store.Append([Batch(1, 5)]);
        Raw("DELETE FROM journal WHERE pos = 3");
        using var reopened = Open();
        Assert.True(reopened.Recovery.Fenced);
        Assert.Contains("record 3 is missing", reopened.Recovery.Problem);
        Assert.Equal(2, reopened.LastPosition);
        Assert.Equal(4, JournalRows());
    }

    [Fact]
    public void A_journal_shorter_than_what_was_acknowledged_fences()
    {
        using (var store = Open())
            store.Append([Batch(1, 10)]);
        // records that are simply gone (a WAL cut at a damaged frame, an older copy): every record left checks out
        Raw("DELETE FROM journal WHERE pos > 7");
        using var reopened = Open();
        Assert.True(reopened.Recovery.Fenced);
        Assert.Contains("the journal ends at record 7 but 10 were acknowledged", reopened.Recovery.Problem);
        Assert.Contains("records 8..10 are missing", reopened.Recovery.Problem);
        Assert.Equal(7, reopened.LastPosition);
        Assert.Throws<StorageException>(() => reopened.Append([Batch(8, 1)]));
    }

    [Fact]
    public void Another_record_at_the_acknowledged_position_fences()
    {
        using (var store = Open())
            store.Append([Batch(1, 5)]);
        // a record that checks out but is not the one acknowledged: another database's journal
        var other = "{\"type\":\"deposit\",\"account\":\"zz\",\"amount\":\"9\"}";
        Raw($"UPDATE journal SET line = '{other}', crc = {Checksum.Of(5, other)} WHERE pos = 5");
        using var reopened = Open();
        Assert.True(reopened.Recovery.Fenced);
        Assert.Contains("journal record 5 is not the one acknowledged", reopened.Recovery.Problem);
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
            store.Append([Batch(1, 14)]);
            store.SaveSnapshot(new Snapshot(20, "cccc", 60));
        }

        RawRecords(15, 20, torn: 15);
        using var reopened = Open();
        Assert.Null(reopened.LatestSnapshot(out _));
        Assert.Equal(14, reopened.LastPosition);
        Assert.Equal(6, reopened.Recovery.DroppedRecords);
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
