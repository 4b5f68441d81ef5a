using System.Text;
using Microsoft.Data.Sqlite;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>
/// Bits flipped in a service database after a crash (issue 12, items 2 and 3): in the WAL's first, middle and last
/// frame, in a journal record, in a snapshot's overflow page and in the database header, each through a restart of
/// <c>socialloss serve</c>; and a sweep of random flips through the store and the service in process. Every case ends
/// either fenced with a reason (503 on <c>/health</c> and on writes, nothing deleted) or with the state of every
/// acknowledged command, or the process refuses to start with one line naming the file; never "ok with less".
/// </summary>
public sealed class StorageDamageTests(StorageDamageImages images) : IClassFixture<StorageDamageImages>
{
    [Theory]
    [InlineData("first")]
    [InlineData("middle")]
    [InlineData("last")]
    public async Task Bit_flip_in_a_wal_frame_is_fenced_with_the_reason_never_ok_with_less(string which)
    {
        var db = images.Copy(images.Crashed);
        var frames = StorageDamageImages.WalFrames(db + "-wal", out int pageSize);
        Assert.True(frames.Count >= 3, $"{frames.Count} WAL frames");
        long frame = which switch { "first" => frames[0], "middle" => frames[frames.Count / 2], _ => frames[^1] };
        StorageDamageImages.Flip(db + "-wal", frame + 24 + pageSize / 2, bit: 3);

        await using var server = await ServeProcess.StartAsync(db);
        var (fenced, fault, position, hash) = await images.Look(server);
        if (fenced)
        {
            // SQLite dropped every frame from the damaged one on; the watermark knows how many were acknowledged
            Assert.Contains($"were acknowledged (watermark {db}-ack)", fault);
            Assert.Contains("restore the database from a standby or a backup", fault);
            Assert.True(position < images.Acknowledged.Count);
            Assert.True(await images.WriteRefused(server));
            Assert.Contains("socialloss: FENCED: storage damage found on start", await server.StderrAsync());
        }
        else
        {
            // only possible when the frames lost held no journal record (the last commit was a snapshot)
            Assert.Equal(images.Acknowledged.Count, position);
            Assert.Equal(images.ExpectedHash, hash);
        }

        if (which != "last")
            Assert.True(fenced, "the frames after the damaged one hold acknowledged commands");
    }

    [Fact]
    public async Task Bit_flip_in_a_journal_record_fences_naming_it_and_deletes_nothing_after_it()
    {
        var db = images.Copy(images.Closed);
        int index = images.Acknowledged.Count / 2;
        List<long> found;
        while ((found = StorageDamageImages.Find(db, Encoding.UTF8.GetBytes(images.Acknowledged[index]))).Count != 1)
            index++;
        StorageDamageImages.Flip(db, found[0] + images.Acknowledged[index].Length / 2, bit: 0);
        long bad = index + 1, total = images.Acknowledged.Count;

        for (int restart = 0; restart < 2; restart++)
        {
            await using var server = await ServeProcess.StartAsync(db);
            var (fenced, fault, position, _) = await images.Look(server);
            Assert.True(fenced);
            Assert.Contains($"journal record {bad}: checksum mismatch", fault);
            Assert.Contains($"records {bad}..{total} are kept ({total - bad + 1} record(s), nothing deleted)", fault);
            Assert.Contains($"on the state after record {bad - 1}: restore the database from a standby or a backup", fault);
            Assert.Equal(bad - 1, position);
            Assert.True(await images.WriteRefused(server));
        }

        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM journal";
        Assert.Equal(total, (long)cmd.ExecuteScalar()!);
    }

    [Fact]
    public async Task Bit_flip_in_a_snapshot_overflow_page_is_skipped_and_the_state_is_every_acknowledged_command()
    {
        var db = images.Copy(images.Closed);
        Snapshot newest;
        using (var store = SqliteStore.Open(db))
            newest = store.Snapshots(new List<string>()).First();
        SqliteConnection.ClearAllPools();
        var header = File.ReadAllBytes(db).AsSpan(0, 100);
        int pageSize = (header[16] << 8) | header[17];
        var image = newest.Image!;
        Assert.True(image.Length > pageSize + 256, $"an image of {image.Length} bytes has no overflow page to damage");
        // a stretch of the image past its first page (so on an overflow page) that occurs nowhere else in the file
        long at = -1;
        for (int off = image.Length - 64; off > pageSize && at < 0; off -= 61)
        {
            if (StorageDamageImages.Find(db, image.AsSpan(off, 32)) is [var only])
                at = only + 16;
        }

        Assert.True(at > 0);
        StorageDamageImages.Flip(db, at, bit: 2);

        await using var server = await ServeProcess.StartAsync(db);
        var (fenced, _, position, hash) = await images.Look(server);
        Assert.False(fenced);
        Assert.Equal(images.Acknowledged.Count, position);
        Assert.Equal(images.ExpectedHash, hash);
        Assert.Contains($"socialloss: recovery: snapshot at journal position {newest.Position}: checksum mismatch", await server.StderrAsync());
    }

    [Fact]
    public async Task Damaged_database_header_stops_serve_with_one_line_naming_the_file()
    {
        var db = images.Copy(images.Closed);
        StorageDamageImages.Flip(db, 0, bit: 1); // the magic string "SQLite format 3"
        await using var server = await ServeProcess.StartAsync(db);
        Assert.Null(server.Url);
        Assert.Equal(1, server.Process.ExitCode);
        var stderr = (await server.StderrAsync()).Trim();
        Assert.DoesNotContain('\n', stderr); // one line, no stack trace
        Assert.StartsWith($"socialloss: cannot start: SQLite database {db}: cannot be opened", stderr);
        Assert.Contains("file is not a database", stderr);
    }

    [Fact]
    public void Any_bit_flip_in_the_service_database_ends_fenced_refused_or_with_every_acknowledged_command()
    {
        var rng = new Random(5);
        var outcomes = new Dictionary<string, int>();
        for (int trial = 0; trial < 45; trial++)
        {
            // the crashed image's WAL and file, and the closed image's file, in turn; the first flips in the headers
            var db = images.Copy(trial % 3 == 0 ? images.Closed : images.Crashed);
            var target = db + (trial % 3 == 1 ? "-wal" : "");
            long offset = trial < 9 ? rng.Next(100) : rng.NextInt64(new FileInfo(target).Length);
            StorageDamageImages.Flip(target, offset, rng.Next(8));
            string outcome;
            try
            {
                using var store = SqliteStore.Open(db);
                using var service = new ClearingService(store);
                if (service.Fault is { } fault)
                {
                    Assert.StartsWith("storage damage found on start: ", fault);
                    Assert.Contains("restore the database from a standby or a backup", fault);
                    outcome = "fenced";
                }
                else
                {
                    Assert.Equal(images.Acknowledged.Count, service.Position);
                    Assert.Equal(images.ExpectedHash, service.StateHash());
                    outcome = "every acknowledged command";
                }
            }
            catch (StorageException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.Contains($"SQLite database {db}", e.Message);
                outcome = "refused";
            }

            SqliteConnection.ClearAllPools();
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Current.SendDiagnosticMessage(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(outcomes.ContainsKey("fenced"), "no flip reached the journal");
        Assert.True(outcomes.ContainsKey("every acknowledged command"), "no flip was harmless: the sweep does not reach unused bytes");
    }
}
