using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SocialLoss.Storage;

/// <summary>
/// The embedded store: an append-only command journal, idempotency records, snapshots (with the state's image) and API keys in one
/// SQLite database in WAL mode with <c>synchronous=FULL</c>. <see cref="Append"/> writes any number of
/// requests in one transaction (group commit) and returns only after the commit is durable and the
/// <see cref="AcknowledgedWatermark"/> beside the database records its last position. Every journal record carries
/// a CRC-32C of its position and line. Opening runs <c>PRAGMA quick_check</c>, verifies every record and holds the
/// journal against the watermark (<see cref="JournalAudit"/>): a torn tail beyond what was acknowledged is cut; damage
/// that reaches acknowledged records, or a journal shorter than the watermark, keeps everything and opens fenced
/// (<see cref="Recovery"/> says what and where). SQLite's errors become <see cref="StorageException"/>s of one line
/// naming the file.
/// </summary>
public sealed class SqliteStore : IClearingStore
{
    private readonly SqliteConnection _writer;
    private readonly StoreOptions _options;
    private readonly string _connectionString;
    private readonly string _path;
    private readonly AcknowledgedWatermark _watermark;
    private readonly Lock _gate = new();
    private JournalInsert? _journalInsert; // prepared once, reused by every Append (under _gate)

    /// <summary>Journal rows per multi-row insert.</summary>
    private const int RowsPerInsert = 32;

    /// <summary>The parameters of one journal row.</summary>
    private sealed record JournalRow(SqliteParameter Pos, SqliteParameter Line, SqliteParameter Crc);

    /// <summary>The prepared journal inserts: one row, and <see cref="RowsPerInsert"/> rows in one statement.</summary>
    private sealed record JournalInsert(SqliteCommand One, JournalRow OneRow, SqliteCommand Many, JournalRow[] ManyRows);

    private SqliteStore(string path, StoreOptions options)
    {
        _options = options;
        _path = path;
        _watermark = AcknowledgedWatermark.For(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            Exec(_writer, "PRAGMA journal_mode=WAL;");
            Exec(_writer, $"PRAGMA synchronous={options.Synchronous};");
            Exec(_writer, "PRAGMA busy_timeout=5000;");
            Exec(_writer, """
                CREATE TABLE IF NOT EXISTS journal(pos INTEGER PRIMARY KEY, line TEXT NOT NULL, crc INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS requests(id TEXT PRIMARY KEY, body_hash TEXT NOT NULL, first_pos INTEGER NOT NULL, last_pos INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS snapshots(pos INTEGER PRIMARY KEY, state_hash TEXT NOT NULL, last_seq INTEGER NOT NULL, crc INTEGER NOT NULL, image BLOB);
                CREATE TABLE IF NOT EXISTS api_keys(hash TEXT PRIMARY KEY, role TEXT NOT NULL, account TEXT, created TEXT NOT NULL);
                """);
            AddImageColumn();
            if (options.MaxPageCount is { } pages)
                Exec(_writer, $"PRAGMA max_page_count={pages.ToString(CultureInfo.InvariantCulture)};");
            Recovery = Verify();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or InvalidCastException or FormatException)
        {
            _writer.Dispose();
            _watermark.Dispose();
            throw new StorageException($"SQLite database {path}: cannot be opened: {OneLine(e)}; restore it from a standby or a backup", e);
        }

        LastPosition = Recovery.LastGoodPosition;
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and verifies the journal.</summary>
    public static SqliteStore Open(string path, StoreOptions? options = null) => new(path, options ?? new StoreOptions());

    /// <summary>What opening found: clean, a torn tail cut, or damage that fences the store (where, and what to do).</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>Position of the last durable journal record (0 when empty).</summary>
    public long LastPosition { get; private set; }

    /// <summary>
    /// Appends the requests' lines in one transaction and returns the first position of each request.
    /// Throws <see cref="StorageException"/> when the commit fails; then nothing was written.
    /// </summary>
    public IReadOnlyList<long> Append(IReadOnlyList<AppendRequest> requests)
    {
        lock (_gate)
        {
            if (Recovery.Fenced)
                throw new StorageException($"journal append refused: the store opened fenced ({Recovery.Problem})");
            var firsts = new List<long>(requests.Count);
            long pos = LastPosition, before = pos;
            uint lastCrc = 0;
            SqliteTransaction? tx = null;
            try
            {
                tx = _writer.BeginTransaction();
                var journal = JournalInserts();
                journal.One.Transaction = tx;
                journal.Many.Transaction = tx;
                using var req = _writer.CreateCommand();
                req.Transaction = tx;
                req.CommandText = "INSERT INTO requests(id, body_hash, first_pos, last_pos) VALUES ($i, $h, $f, $t)";
                foreach (var r in requests)
                {
                    firsts.Add(pos + 1);
                    int i = 0, count = r.Lines.Count;
                    // most lines go RowsPerInsert at a time: one statement step per row of SQLite's VM is cheap, the
                    // per-execution overhead of the ADO.NET command (binding, reset, step) is not
                    for (; count - i >= RowsPerInsert; i += RowsPerInsert)
                    {
                        for (int k = 0; k < RowsPerInsert; k++)
                            lastCrc = Bind(journal.ManyRows[k], ++pos, r.Lines[i + k]);
                        journal.Many.ExecuteNonQuery();
                    }

                    for (; i < count; i++)
                    {
                        lastCrc = Bind(journal.OneRow, ++pos, r.Lines[i]);
                        journal.One.ExecuteNonQuery();
                    }

                    if (r.RequestId is { } id)
                    {
                        req.Parameters.Clear();
                        req.Parameters.AddWithValue("$i", id);
                        req.Parameters.AddWithValue("$h", r.BodyHash ?? "");
                        req.Parameters.AddWithValue("$f", pos - r.Lines.Count + 1);
                        req.Parameters.AddWithValue("$t", pos);
                        req.ExecuteNonQuery();
                    }
                }

                _options.BeforeCommit?.Invoke();
                tx.Commit();
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
            {
                TryRollback(tx);
                throw new StorageException($"journal commit failed, nothing acknowledged: {e.Message}", e);
            }
            finally
            {
                tx?.Dispose();
            }

            LastPosition = pos;
            // only now may the batch be answered: the watermark is what a restart holds the journal against
            if (pos > before)
                _watermark.Record(new Acknowledged(pos, lastCrc));
            return firsts;
        }
    }

    private static void TryRollback(SqliteTransaction? tx)
    {
        try
        {
            tx?.Rollback();
        }
        catch (SqliteException)
        {
            // the transaction is already gone (SQLite rolls back itself on some errors)
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>The journal records after <paramref name="after"/>, in order, checksums verified.</summary>
    public IEnumerable<JournalRecord> Read(long after = 0)
    {
        var (conn, cmd, r) = Reading($"reading the journal after record {after}", () =>
        {
            var c = OpenReader();
            var q = c.CreateCommand();
            q.CommandText = "SELECT pos, line, crc FROM journal WHERE pos > $a ORDER BY pos";
            q.Parameters.AddWithValue("$a", after);
            return (c, q, q.ExecuteReader());
        });
        using (conn)
        using (cmd)
        using (r)
        {
            long at = after;
            while (true)
            {
                JournalRecord? record;
                try
                {
                    record = r.Read() ? new JournalRecord(r.GetInt64(0), r.GetString(1)) : null;
                    if (record is not null && unchecked((uint)r.GetInt64(2)) != Checksum.Of(record.Position, record.Line))
                        throw new StorageException($"journal record {record.Position}: checksum mismatch");
                }
                catch (Exception e) when (e is SqliteException or InvalidCastException or FormatException)
                {
                    throw new StorageException($"SQLite database {_path}: reading the journal after record {at} failed: {OneLine(e)}", e);
                }

                if (record is null)
                    yield break;
                at = record.Position;
                yield return record;
            }
        }
    }

    /// <summary>Runs a read, its SQLite errors as a <see cref="StorageException"/> of one line naming the file and what failed.</summary>
    private T Reading<T>(string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is SqliteException or InvalidCastException or FormatException)
        {
            throw new StorageException($"SQLite database {_path}: {what} failed: {OneLine(e)}", e);
        }
    }

    /// <summary>An exception's message on one line (SQLite's carry the error code: <c>SQLite Error 11: 'database disk image is malformed'.</c>).</summary>
    private static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ");

    /// <summary>Every idempotency record.</summary>
    public IReadOnlyList<RequestEntry> Requests() => Reading("reading the idempotency records", () =>
    {
        using var conn = OpenReader();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT id, body_hash, first_pos, last_pos FROM requests";
        using var r = cmd.ExecuteReader();
        var list = new List<RequestEntry>();
        while (r.Read())
            list.Add(new RequestEntry(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
        return list;
    });

    /// <summary>
    /// Stores a snapshot (checksummed, image included) in one transaction that also deletes all but the
    /// <see cref="StoreOptions.KeepSnapshots"/> newest. Throws <see cref="StorageException"/> when the write fails.
    /// </summary>
    public void SaveSnapshot(Snapshot s)
    {
        lock (_gate)
        {
            SqliteTransaction? tx = null;
            try
            {
                tx = _writer.BeginTransaction();
                using var cmd = _writer.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT OR REPLACE INTO snapshots(pos, state_hash, last_seq, crc, image) VALUES ($p, $h, $s, $c, $i)";
                cmd.Parameters.AddWithValue("$p", s.Position);
                cmd.Parameters.AddWithValue("$h", s.StateHash);
                cmd.Parameters.AddWithValue("$s", s.LastSeq);
                cmd.Parameters.AddWithValue("$c", (long)Checksum.OfSnapshot(s));
                cmd.Parameters.Add("$i", SqliteType.Blob).Value = (object?)s.Image ?? DBNull.Value;
                cmd.ExecuteNonQuery();
                using var prune = _writer.CreateCommand();
                prune.Transaction = tx;
                prune.CommandText = "DELETE FROM snapshots WHERE pos NOT IN (SELECT pos FROM snapshots ORDER BY pos DESC LIMIT $k)";
                prune.Parameters.AddWithValue("$k", Math.Max(1, _options.KeepSnapshots));
                prune.ExecuteNonQuery();
                _options.BeforeCommit?.Invoke();
                tx.Commit();
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
            {
                TryRollback(tx);
                throw new StorageException($"snapshot at {s.Position} not written: {e.Message}", e);
            }
            finally
            {
                tx?.Dispose();
            }
        }
    }

    /// <summary>
    /// The snapshots whose checksum holds, newest first, read one at a time (an image can be large, and recovery
    /// usually needs only the first); each snapshot that fails its checksum is skipped and named in
    /// <paramref name="problems"/>.
    /// </summary>
    public IEnumerable<Snapshot> Snapshots(ICollection<string> problems)
    {
        var positions = Reading("listing the snapshots", () =>
        {
            var found = new List<long>();
            using var conn = OpenReader();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT pos FROM snapshots ORDER BY pos DESC";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                found.Add(r.GetInt64(0));
            return found;
        });

        return SnapshotShelf.Checked(positions, pos => Reading($"reading the snapshot at journal position {pos}", () => ReadSnapshot(pos)), problems);
    }

    private (Snapshot, uint)? ReadSnapshot(long pos)
    {
        using var conn = OpenReader();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT pos, state_hash, last_seq, crc, image FROM snapshots WHERE pos = $p";
        cmd.Parameters.AddWithValue("$p", pos);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
            return null;
        return (new Snapshot(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(4) ? null : r.GetFieldValue<byte[]>(4)), unchecked((uint)r.GetInt64(3)));
    }

    /// <summary>Databases from before full snapshots have no image column: add it (their snapshots stay checkpoints).</summary>
    private void AddImageColumn()
    {
        using var cmd = _writer.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('snapshots') WHERE name = 'image'";
        if ((long)cmd.ExecuteScalar()! == 0)
            Exec(_writer, "ALTER TABLE snapshots ADD COLUMN image BLOB;");
    }

    /// <summary>Stores an API key by its hash.</summary>
    public void AddKey(ApiKeyRecord key)
    {
        lock (_gate)
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = "INSERT INTO api_keys(hash, role, account, created) VALUES ($h, $r, $a, $c)";
            cmd.Parameters.AddWithValue("$h", key.Hash);
            cmd.Parameters.AddWithValue("$r", key.Role);
            cmd.Parameters.AddWithValue("$a", (object?)key.Account ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$c", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            Reading("storing an API key", cmd.ExecuteNonQuery);
        }
    }

    /// <summary>Every stored API key (hashes only: the keys themselves are never stored).</summary>
    public IReadOnlyList<ApiKeyRecord> Keys() => Reading("reading the API keys", () =>
    {
        using var conn = OpenReader();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT hash, role, account FROM api_keys";
        using var r = cmd.ExecuteReader();
        var list = new List<ApiKeyRecord>();
        while (r.Read())
            list.Add(new ApiKeyRecord(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
        return list;
    });

    /// <summary>The key with this hash, or null.</summary>
    public ApiKeyRecord? FindKey(string hash) => Reading("looking up an API key", () =>
    {
        using var conn = OpenReader();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT hash, role, account FROM api_keys WHERE hash = $h";
        cmd.Parameters.AddWithValue("$h", hash);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new ApiKeyRecord(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)) : null;
    });

    private SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    /// <summary>
    /// Checks the database (<c>PRAGMA quick_check</c>) and every journal record against the acknowledged watermark,
    /// cuts a torn tail, and gives a database without a watermark one at its last good record.
    /// </summary>
    private RecoveryReport Verify()
    {
        Acknowledged? acknowledged = null;
        string? watermarkProblem = null;
        try
        {
            acknowledged = _watermark.Read();
        }
        catch (StorageException e)
        {
            watermarkProblem = e.Message;
        }

        var audit = new JournalAudit(acknowledged, $"watermark {_watermark.Path}");
        if (watermarkProblem is not null)
            audit.Damaged(watermarkProblem);
        if (QuickCheck() is { } integrity)
            audit.Damaged($"SQLite database {_path} fails its integrity check (PRAGMA quick_check): {integrity}");
        try
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = "SELECT pos, line, crc FROM journal ORDER BY pos";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                audit.Add(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), unchecked((uint)r.GetInt64(2)));
        }
        catch (Exception e) when (e is SqliteException or InvalidCastException or FormatException)
        {
            audit.Damaged($"SQLite database {_path}: reading the journal after record {audit.LastGood} failed: {OneLine(e)}");
        }

        var report = audit.Decide($"; or, to accept this journal as it is, move {_watermark.Path} aside and restart", out long cutFrom);
        if (cutFrom > 0)
            Cut(cutFrom);
        if (!report.Fenced && acknowledged is null)
            _watermark.Record(audit.LastGoodMark); // from now on a shorter journal is noticed
        return report;
    }

    /// <summary>The problems <c>PRAGMA quick_check</c> reports (at most five, on one line), or null when it says ok.</summary>
    private string? QuickCheck()
    {
        var found = new List<string>();
        try
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = "PRAGMA quick_check(5)";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                found.Add(r.IsDBNull(0) ? "?" : r.GetString(0));
        }
        catch (SqliteException e)
        {
            found.Add(OneLine(e));
        }

        return found is ["ok"] ? null : string.Join("; ", found).ReplaceLineEndings(" ");
    }

    /// <summary>Deletes a torn tail: the records from <paramref name="from"/> on, with the requests and snapshots that reach into it.</summary>
    private void Cut(long from)
    {
        using var tx = _writer.BeginTransaction();
        using var cmd = _writer.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "DELETE FROM journal WHERE pos >= $b";
        cmd.Parameters.AddWithValue("$b", from);
        cmd.ExecuteNonQuery();
        cmd.CommandText = "DELETE FROM requests WHERE last_pos >= $b";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "DELETE FROM snapshots WHERE pos >= $b";
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private JournalInsert JournalInserts()
    {
        if (_journalInsert is { } ready)
            return ready;
        var one = _writer.CreateCommand();
        one.CommandText = "INSERT INTO journal(pos, line, crc) VALUES ($p0, $l0, $c0)";
        var oneRow = AddRow(one, 0);
        var many = _writer.CreateCommand();
        many.CommandText = "INSERT INTO journal(pos, line, crc) VALUES " +
            string.Join(", ", Enumerable.Range(0, RowsPerInsert).Select(k => $"($p{k}, $l{k}, $c{k})"));
        var rows = new JournalRow[RowsPerInsert];
        for (int k = 0; k < RowsPerInsert; k++)
            rows[k] = AddRow(many, k);
        return _journalInsert = new JournalInsert(one, oneRow, many, rows);

        static JournalRow AddRow(SqliteCommand cmd, int k) =>
            new(cmd.Parameters.Add($"$p{k}", SqliteType.Integer), cmd.Parameters.Add($"$l{k}", SqliteType.Text), cmd.Parameters.Add($"$c{k}", SqliteType.Integer));
    }

    private static uint Bind(JournalRow row, long pos, string line)
    {
        uint crc = Checksum.Of(pos, line);
        row.Pos.Value = pos;
        row.Line.Value = line;
        row.Crc.Value = (long)crc;
        return crc;
    }

    /// <summary>Closes the database.</summary>
    public void Dispose()
    {
        _journalInsert?.One.Dispose();
        _journalInsert?.Many.Dispose();
        _writer.Dispose();
        _watermark.Dispose();
    }
}
