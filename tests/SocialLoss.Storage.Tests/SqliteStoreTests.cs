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

    protected override long JournalRows()
    {
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM journal";
        return (long)cmd.ExecuteScalar()!;
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
    public void Torn_wal_frame_loses_at_most_the_last_transaction_never_part_of_one_and_the_watermark_sees_it()
    {
        string copy = Path.Combine(_dir, "crashed.db");
        using (var store = SqliteStore.Open(Db))
        {
            store.Append([Batch(1, 10)]);
            store.Append([Batch(11, 10)]);
            store.Append([Batch(21, 10)]);
            // a crash now: the files as they are on disk, then the WAL's last bytes torn off
            CopyCrashImage(Db, copy);
        }

        using (var wal = new FileStream(copy + "-wal", FileMode.Open))
            wal.SetLength(wal.Length - 100);
        using (var reopened = SqliteStore.Open(copy))
        {
            // SQLite drops the torn last transaction whole; it was acknowledged, so the store says so and fences
            Assert.Equal(20, reopened.LastPosition);
            Assert.Equal(Enumerable.Range(1, 20).Select(Line), reopened.Read().Select(r => r.Line));
            Assert.True(reopened.Recovery.Fenced);
            Assert.Contains("the journal ends at record 20 but 30 were acknowledged", reopened.Recovery.Problem);
            Assert.Contains("crashed.db-ack aside", reopened.Recovery.Problem);
        }

        // the operator accepts the shorter journal (say, after deciding the standby is gone too) by moving the watermark aside
        File.Move(copy + "-ack", copy + "-ack.old");
        using (var accepted = SqliteStore.Open(copy))
        {
            Assert.True(accepted.Recovery.Clean);
            Assert.Equal([21L], accepted.Append([Batch(21, 1)]));
        }

        using var again = SqliteStore.Open(copy);
        Assert.True(again.Recovery.Clean);
        Assert.Equal(21, again.LastPosition);
    }

    /// <summary>The database, its WAL and its watermark as a crash would leave them (copied while the store is open).</summary>
    private static void CopyCrashImage(string db, string copy)
    {
        File.Copy(db, copy);
        File.Copy(db + "-wal", copy + "-wal");
        File.Copy(db + "-ack", copy + "-ack");
    }

    [Fact]
    public void Without_a_watermark_a_torn_last_record_is_cut_and_a_watermark_is_made()
    {
        using (var store = SqliteStore.Open(Db))
            store.Append([Batch(1, 10)]);
        File.Delete(Db + "-ack"); // a database from before the watermark
        Raw("UPDATE journal SET crc = crc + 1 WHERE pos = 10");
        using (var reopened = SqliteStore.Open(Db))
        {
            Assert.False(reopened.Recovery.Fenced);
            Assert.Equal(9, reopened.LastPosition);
            Assert.Contains("journal cut after record 9, 1 record(s) dropped (the last record: a torn tail)", reopened.Recovery.Problem);
        }

        Assert.True(File.Exists(Db + "-ack"));
        Raw("DELETE FROM journal WHERE pos = 9");
        using var shorter = SqliteStore.Open(Db);
        Assert.True(shorter.Recovery.Fenced);
        Assert.Contains("ends at record 8 but 9 were acknowledged", shorter.Recovery.Problem);
    }

    [Fact]
    public void Without_a_watermark_a_bad_record_with_intact_ones_after_it_fences()
    {
        using (var store = SqliteStore.Open(Db))
            store.Append([Batch(1, 10)]);
        File.Delete(Db + "-ack");
        Raw("UPDATE journal SET crc = crc + 1 WHERE pos = 4");
        using var reopened = SqliteStore.Open(Db);
        Assert.True(reopened.Recovery.Fenced);
        Assert.Contains("records 4..10 are kept", reopened.Recovery.Problem);
        Assert.Contains("no acknowledged watermark", reopened.Recovery.Problem);
        Assert.Equal(10, JournalRows());
        Assert.False(File.Exists(Db + "-ack")); // a fenced open leaves the evidence as it is
    }

    [Fact]
    public void Damaged_watermark_fences_because_what_was_acknowledged_is_unknown()
    {
        using (var store = SqliteStore.Open(Db))
        {
            store.Append([Batch(1, 3)]);
            store.Append([Batch(4, 3)]);
        }

        var bytes = File.ReadAllBytes(Db + "-ack");
        for (int i = 0; i < bytes.Length; i += 32)
            bytes[i + 5] ^= 0x10;
        File.WriteAllBytes(Db + "-ack", bytes);
        using var reopened = SqliteStore.Open(Db);
        Assert.True(reopened.Recovery.Fenced);
        Assert.Contains("damaged (no slot's checksum holds)", reopened.Recovery.Problem);
    }

    [Fact]
    public void A_torn_watermark_write_leaves_the_previous_slot()
    {
        using (var store = SqliteStore.Open(Db))
        {
            store.Append([Batch(1, 3)]);
            store.Append([Batch(4, 3)]);
        }

        var w = AcknowledgedWatermark.For(Db);
        Assert.Equal(6, w.Read()!.Value.Position);
        var bytes = File.ReadAllBytes(Db + "-ack");
        Assert.Equal(64, bytes.Length); // two slots, written in turn
        int newest = BitConverter.ToInt64(bytes, 4) == 6 ? 0 : 32;
        Assert.Equal(3, BitConverter.ToInt64(bytes, 32 - newest + 4));
        bytes[newest + 10] ^= 0xFF; // the newest slot torn
        File.WriteAllBytes(Db + "-ack", bytes);
        Assert.Equal(3, AcknowledgedWatermark.For(Db).Read()!.Value.Position);
        using var reopened = SqliteStore.Open(Db);
        Assert.True(reopened.Recovery.Clean); // 6 records, 3 known acknowledged: nothing is missing
        Assert.Equal(6, reopened.LastPosition);
    }

    [Fact]
    public void Damaged_database_header_is_a_one_line_error_naming_the_file()
    {
        using (var store = SqliteStore.Open(Db))
            store.Append([Batch(1, 3)]);
        var bytes = File.ReadAllBytes(Db);
        bytes[3] ^= 0x01; // "SQLite format 3": the magic string
        File.WriteAllBytes(Db, bytes);
        var e = Assert.Throws<StorageException>(() => SqliteStore.Open(Db));
        Assert.Contains($"SQLite database {Db}: cannot be opened", e.Message);
        Assert.Contains("file is not a database", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Damaged_page_fails_the_integrity_check_and_fences()
    {
        using (var store = SqliteStore.Open(Db))
        {
            for (int i = 0; i < 20; i++)
                store.Append([Batch(i * 100 + 1, 100)]);
        }

        // the journal's b-tree spans several pages; scramble the cell pointers of one leaf in the middle
        var bytes = File.ReadAllBytes(Db);
        int pageSize = (bytes[16] << 8) | bytes[17];
        int page = bytes.Length / pageSize / 2;
        for (int i = 8; i < 40; i++)
            bytes[page * pageSize + i] ^= 0x5A;
        File.WriteAllBytes(Db, bytes);
        IClearingStore? reopened = null;
        try
        {
            reopened = SqliteStore.Open(Db);
            Assert.True(reopened.Recovery.Fenced, reopened.Recovery.Problem);
            Assert.DoesNotContain('\n', reopened.Recovery.Problem!);
        }
        catch (StorageException e)
        {
            Assert.Contains($"SQLite database {Db}", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            reopened?.Dispose();
        }
    }

    [Fact]
    public void A_bit_flipped_anywhere_in_the_files_never_opens_ok_with_fewer_or_other_records()
    {
        const int Batches = 40, PerBatch = 25;
        // two images: as a crash leaves them (most pages still in the WAL), and after a clean close (all in the file)
        string crashed = Path.Combine(_dir, "crashed.db"), closed = Path.Combine(_dir, "closed.db");
        using (var store = SqliteStore.Open(Db))
        {
            for (int i = 0; i < Batches; i++)
                store.Append([Batch(i * PerBatch + 1, PerBatch)]);
            CopyCrashImage(Db, crashed);
        }

        File.Copy(Db, closed);
        File.Copy(Db + "-ack", closed + "-ack");
        var rng = new Random(12);
        var outcomes = new Dictionary<string, int>();
        for (int trial = 0; trial < 60; trial++)
        {
            string copy = Path.Combine(_dir, $"flip{trial}.db");
            bool inWal = trial % 2 == 0;
            foreach (var suffix in inWal ? new[] { "", "-wal", "-ack" } : ["", "-ack"])
                File.Copy((inWal ? crashed : closed) + suffix, copy + suffix);
            var target = copy + (inWal ? "-wal" : "");
            var bytes = File.ReadAllBytes(target);
            int at = trial < 8 ? trial * 13 : rng.Next(bytes.Length); // the first few in the headers
            bytes[at] ^= (byte)(1 << rng.Next(8));
            File.WriteAllBytes(target, bytes);
            string outcome;
            try
            {
                using var store = SqliteStore.Open(copy);
                if (store.Recovery.Fenced)
                {
                    outcome = "fenced";
                }
                else
                {
                    // open and not fenced: every acknowledged record is there, unchanged
                    Assert.Equal(Batches * PerBatch, store.LastPosition);
                    Assert.Equal(Enumerable.Range(1, Batches * PerBatch).Select(Line), store.Read().Select(r => r.Line));
                    outcome = "intact";
                }
            }
            catch (StorageException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                outcome = "refused";
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            SqliteConnection.ClearAllPools();
        }

        TestContext.Current.SendDiagnosticMessage(string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.ContainsKey("fenced"), "no flip was noticed: the test does not reach the journal");
    }
}
