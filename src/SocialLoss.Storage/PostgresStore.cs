using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace SocialLoss.Storage;

/// <summary>
/// The shared store: the same journal, idempotency records, snapshots and API keys as <see cref="SqliteStore"/>,
/// in a PostgreSQL database (tables created when missing, in the first schema of <c>Search Path</c>, which is
/// created too). One writer connection with <c>synchronous_commit=on</c> appends each batch in one
/// transaction as a single multi-row INSERT (arrays unnested), so a commit costs two round trips whatever
/// the batch size. Every record carries the same CRC-32C as in SQLite, checked on read. Each batch also
/// records its last position and checksum in the one-row table <c>acknowledged</c>, and opening holds the journal
/// against it as SQLite's store does against its side file (<see cref="JournalAudit"/>): a torn tail beyond it is cut,
/// anything else keeps every record and opens fenced. That row shares the server's WAL with the journal, so unlike
/// SQLite's side file it cannot notice WAL loss: it catches a journal table that lost rows (deleted, or restored from
/// an older dump) while the row survived. Durability of what was committed is the server's own guarantee
/// (<c>synchronous_commit=on</c>, its WAL's CRCs, <c>data_checksums</c> for pages, a synchronous standby for a lost disk).
/// </summary>
public sealed partial class PostgresStore : IClearingStore
{
    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlDataSource _writerSource;
    private readonly SyncReplicationWatch _watch = new();
    private readonly StoreOptions _options;
    private readonly string _where;
    private readonly Lock _gate = new();
    private NpgsqlConnection? _writer;
    private string? _unknownOutcome;

    private PostgresStore(NpgsqlConnectionStringBuilder cs, StoreOptions options)
    {
        _options = options;
        _where = PostgresConnectionString.Describe(cs);
        _source = NpgsqlDataSource.Create(cs);
        // The writer never times a command out: on a timeout Npgsql cancels the statement, and a COMMIT cancelled while it
        // waits for the synchronous standby still succeeds, committed locally and not replicated (PostgreSQL's
        // SyncRepWaitForLSN turns the cancel into a WARNING). The wait is left to end on its own; SyncReplicationWatch
        // catches the cancels that come from elsewhere.
        _writerSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(cs.ConnectionString) { CommandTimeout = 0 });
        try
        {
            var writer = Writer();
            CreateSchema(writer, cs.SearchPath);
            Recovery = VerifyAndCut(writer);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            Dispose();
            throw new StorageException($"PostgreSQL at {_where}: {e.Message}", e);
        }

        LastPosition = Recovery.LastGoodPosition;
    }

    /// <summary>
    /// Connects to the database named by <paramref name="connectionString"/> (a <c>postgres://</c> URI or an
    /// Npgsql key-value string), creates the schema and tables if missing and verifies the journal. Throws
    /// <see cref="StorageException"/> naming the server and the cause when it cannot.
    /// </summary>
    public static PostgresStore Open(string connectionString, StoreOptions? options = null) =>
        new(PostgresConnectionString.Parse(connectionString), options ?? new StoreOptions());

    /// <inheritdoc/>
    public RecoveryReport Recovery { get; }

    /// <inheritdoc/>
    public long LastPosition { get; private set; }

    [GeneratedRegex(@"^(""[^""]+""|[A-Za-z_][A-Za-z0-9_$]*)$")]
    private static partial Regex SchemaName();

    private static bool IsDatabaseFailure(Exception e) =>
        e is NpgsqlException or InvalidOperationException or IOException or TimeoutException;

    /// <summary>The writer connection, (re)opened when it is closed or broken (a restarted server).</summary>
    private NpgsqlConnection Writer()
    {
        if (_writer is { State: System.Data.ConnectionState.Open })
            return _writer;
        _writer?.Dispose();
        _writer = null;
        var c = _writerSource.OpenConnection();
        c.Notice += _watch.OnNotice;
        try
        {
            // durable before acknowledged: a server default of off must not weaken the promise
            Exec(c, "SET synchronous_commit = on");
        }
        catch
        {
            c.Dispose();
            throw;
        }

        return _writer = c;
    }

    private static void CreateSchema(NpgsqlConnection c, string? searchPath)
    {
        // with a search path naming a schema that does not exist yet there is nowhere to create tables
        if (Scalar(c, "SELECT current_schema()") is null)
        {
            var first = (searchPath ?? "").Split(',')[0].Trim();
            if (!SchemaName().IsMatch(first) || first == "$user")
                throw new StorageException($"no schema to create the tables in: Search Path is \"{searchPath}\"");
            Exec(c, $"CREATE SCHEMA IF NOT EXISTS {first}");
        }

        // checked first because CREATE … IF NOT EXISTS still needs the CREATE privilege, which a role that
        // only uses tables an administrator made does not have
        if (Convert.ToInt64(Scalar(c, """
            SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()
            AND table_name IN ('journal', 'requests', 'snapshots', 'api_keys', 'acknowledged')
            """), CultureInfo.InvariantCulture) == 5)
            return;
        Exec(c, """
            CREATE TABLE IF NOT EXISTS journal(pos bigint PRIMARY KEY, line text NOT NULL, crc bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS requests(id text PRIMARY KEY, body_hash text NOT NULL, first_pos bigint NOT NULL, last_pos bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS snapshots(pos bigint PRIMARY KEY, state_hash text NOT NULL, last_seq bigint NOT NULL, image bytea, crc bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS api_keys(hash text PRIMARY KEY, role text NOT NULL, account text, created timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS acknowledged(id smallint PRIMARY KEY CHECK (id = 1), pos bigint NOT NULL, crc bigint NOT NULL);
            """);
    }

    /// <inheritdoc/>
    public IReadOnlyList<long> Append(IReadOnlyList<AppendRequest> requests)
    {
        lock (_gate)
        {
            if (_unknownOutcome is { } why)
                throw new StorageException($"journal commit refused: {why}; restart the service to replay the journal");
            if (Recovery.Fenced)
                throw new StorageException($"journal append refused: the store opened fenced ({Recovery.Problem})");
            var firsts = new List<long>(requests.Count);
            int count = 0;
            foreach (var r in requests)
                count += r.Lines.Count;
            var positions = new long[count];
            var lines = new string[count];
            var crcs = new long[count];
            var ids = new List<string>();
            var hashes = new List<string>();
            var fromPos = new List<long>();
            var toPos = new List<long>();
            long pos = LastPosition;
            int k = 0;
            foreach (var r in requests)
            {
                firsts.Add(pos + 1);
                foreach (var line in r.Lines)
                {
                    pos++;
                    positions[k] = pos;
                    lines[k] = line;
                    crcs[k++] = Checksum.Of(pos, line);
                }

                if (r.RequestId is { } id)
                {
                    ids.Add(id);
                    hashes.Add(r.BodyHash ?? "");
                    fromPos.Add(pos - r.Lines.Count + 1);
                    toPos.Add(pos);
                }
            }

            for (int attempt = 1; ; attempt++)
            {
                bool committing = false;
                NpgsqlTransaction? tx = null;
                try
                {
                    var writer = Writer();
                    tx = writer.BeginTransaction();
                    using var batch = new NpgsqlBatch(writer, tx);
                    batch.BatchCommands.Add(Command("INSERT INTO journal(pos, line, crc) SELECT * FROM unnest($1, $2, $3)", positions, lines, crcs));
                    if (count > 0)
                    {
                        batch.BatchCommands.Add(Command("INSERT INTO acknowledged(id, pos, crc) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET pos = excluded.pos, crc = excluded.crc",
                            pos, crcs[^1]));
                    }

                    if (ids.Count > 0)
                    {
                        batch.BatchCommands.Add(Command("INSERT INTO requests(id, body_hash, first_pos, last_pos) SELECT * FROM unnest($1, $2, $3, $4)",
                            ids.ToArray(), hashes.ToArray(), fromPos.ToArray(), toPos.ToArray()));
                    }

                    batch.ExecuteNonQuery();
                    _options.BeforeCommit?.Invoke();
                    committing = true;
                    _watch.Arm();
                    tx.Commit();
                    if (_watch.Disarm() is { } warning)
                        throw Unreplicated(LastPosition + 1, pos, warning);
                    break;
                }
                catch (Exception e) when (IsDatabaseFailure(e))
                {
                    if (!committing)
                    {
                        TryRollback(tx);
                        // a connection lost before the commit was sent (a restarted server, an ended session) left
                        // nothing behind: one more try on a new connection
                        if (attempt == 1 && _writer is not { State: System.Data.ConnectionState.Open })
                            continue;
                        throw new StorageException($"journal commit failed, nothing acknowledged: {e.Message}", e);
                    }

                    // the commit was sent but its answer lost: look whether it landed before saying anything
                    _watch.Disarm();
                    if (!Landed(LastPosition, pos, count > 0 ? crcs[^1] : null))
                        throw new StorageException($"journal commit failed, nothing acknowledged: {e.Message}", e);
                    break;
                }
                finally
                {
                    tx?.Dispose();
                }
            }

            LastPosition = pos;
            return firsts;
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] arrays)
    {
        var c = new NpgsqlBatchCommand(sql);
        foreach (var a in arrays)
            c.Parameters.Add(new NpgsqlParameter { Value = a });
        return c;
    }

    /// <summary>
    /// After a commit whose answer was lost: true when the batch ending at <paramref name="last"/> is in the
    /// journal, false when nothing after <paramref name="before"/> is. When that cannot be told, later appends
    /// are refused, because the engine may then be behind the journal.
    /// </summary>
    private bool Landed(long before, long last, long? lastCrc)
    {
        try
        {
            _writer?.Dispose();
            _writer = null;
            using var c = _writerSource.OpenConnection();
            using var cmd = new NpgsqlCommand("SELECT pos, crc FROM journal ORDER BY pos DESC LIMIT 1", c);
            using var r = cmd.ExecuteReader();
            long top = r.Read() ? r.GetInt64(0) : 0;
            if (top == before)
                return false;
            if (top == last && lastCrc == r.GetInt64(1))
            {
                r.Close();
                // landed here; with a synchronous standby, acknowledged only once it is replicated too
                Barrier(c, before, last);
                return true;
            }

            _unknownOutcome = $"the journal ends at {top}, expected {before} or {last}";
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            _unknownOutcome = $"the outcome of the commit of records {before + 1}..{last} is unknown ({e.Message})";
        }

        throw new StorageException($"journal commit failed: {_unknownOutcome}");
    }

    /// <summary>
    /// Proves that everything committed on this server so far is on the synchronous standby (when there is one): a
    /// transaction that writes a commit record waits for the standby to confirm it, and the standby confirms in WAL
    /// order, so its clean commit covers every earlier one. Sets the unknown outcome and throws when it cannot.
    /// </summary>
    private void Barrier(NpgsqlConnection c, long before, long last)
    {
        var watch = new SyncReplicationWatch();
        c.Notice += watch.OnNotice;
        using (var tx = c.BeginTransaction())
        {
            using var cmd = new NpgsqlCommand("SELECT txid_current()", c, tx) { CommandTimeout = 0 };
            cmd.ExecuteScalar();
            watch.Arm();
            tx.Commit();
        }

        if (watch.Disarm() is { } warning)
            throw Unreplicated(before + 1, last, warning);
    }

    /// <summary>
    /// A commit that the server made durable but the synchronous standby did not confirm: nothing of it may be
    /// acknowledged, and no later append either (the engine would be behind a journal that a failover may drop).
    /// </summary>
    private StorageException Unreplicated(long first, long last, string warning)
    {
        _unknownOutcome = $"the commit of records {first}..{last} is durable on this server but the synchronous standby did not confirm it (\"{warning}\")";
        return new StorageException($"journal commit not acknowledged: {_unknownOutcome}");
    }

    /// <summary>
    /// Re-reads the journal's last position (a standby's store, once its database has been promoted, picks up what
    /// replication brought in); appends continue from there. Returns it.
    /// </summary>
    public long Refresh()
    {
        lock (_gate)
        {
            var (conn, cmd, r) = Query("SELECT coalesce(max(pos), 0) FROM journal");
            using (conn)
            using (cmd)
            using (r)
            {
                r.Read();
                LastPosition = r.GetInt64(0);
                return LastPosition;
            }
        }
    }

    /// <summary>At most <paramref name="limit"/> journal records after <paramref name="after"/>, in order, checksums verified (a standby's tail, read in chunks).</summary>
    public IReadOnlyList<JournalRecord> ReadChunk(long after, int limit)
    {
        var (conn, cmd, r) = Query("SELECT pos, line, crc FROM journal WHERE pos > $1 ORDER BY pos LIMIT $2", after, (long)limit);
        using (conn)
        using (cmd)
        using (r)
        {
            var list = new List<JournalRecord>();
            while (r.Read())
            {
                long pos = r.GetInt64(0);
                var line = r.GetString(1);
                if ((uint)r.GetInt64(2) != Checksum.Of(pos, line))
                    throw new StorageException($"journal record {pos}: checksum mismatch");
                list.Add(new JournalRecord(pos, line));
            }

            return list;
        }
    }

    /// <summary>The idempotency records of requests whose last command is after <paramref name="after"/> and at most <paramref name="upTo"/>.</summary>
    public IReadOnlyList<RequestEntry> RequestsBetween(long after, long upTo)
    {
        var (conn, cmd, r) = Query("SELECT id, body_hash, first_pos, last_pos FROM requests WHERE last_pos > $1 AND last_pos <= $2", after, upTo);
        using (conn)
        using (cmd)
        using (r)
        {
            var list = new List<RequestEntry>();
            while (r.Read())
                list.Add(new RequestEntry(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
            return list;
        }
    }

    /// <summary>
    /// What the database is now: <see cref="DatabaseRole.Primary"/> (writable), <see cref="DatabaseRole.Standby"/>
    /// (in recovery: a read-only replica) or <see cref="DatabaseRole.Unreachable"/>; with the last journal position it holds.
    /// </summary>
    public (DatabaseRole Role, long LastPosition) Probe()
    {
        try
        {
            var (conn, cmd, r) = Query("SELECT pg_is_in_recovery(), (SELECT coalesce(max(pos), 0) FROM journal)");
            using (conn)
            using (cmd)
            using (r)
            {
                r.Read();
                return (r.GetBoolean(0) ? DatabaseRole.Standby : DatabaseRole.Primary, r.GetInt64(1));
            }
        }
        catch (StorageException)
        {
            return (DatabaseRole.Unreachable, -1);
        }
    }

    private static void TryRollback(NpgsqlTransaction? tx)
    {
        try
        {
            tx?.Rollback();
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            // the connection is gone, and the server rolls back what it never saw committed
        }
    }

    /// <inheritdoc/>
    public IEnumerable<JournalRecord> Read(long after = 0)
    {
        var (conn, cmd, r) = Query("SELECT pos, line, crc FROM journal WHERE pos > $1 ORDER BY pos", after);
        using (conn)
        using (cmd)
        using (r)
        {
            while (r.Read())
            {
                long pos = r.GetInt64(0);
                var line = r.GetString(1);
                if (unchecked((uint)r.GetInt64(2)) != Checksum.Of(pos, line))
                    throw new StorageException($"journal record {pos}: checksum mismatch");
                yield return new JournalRecord(pos, line);
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<RequestEntry> Requests()
    {
        var (conn, cmd, r) = Query("SELECT id, body_hash, first_pos, last_pos FROM requests");
        using (conn)
        using (cmd)
        using (r)
        {
            var list = new List<RequestEntry>();
            while (r.Read())
                list.Add(new RequestEntry(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
            return list;
        }
    }

    /// <inheritdoc/>
    public void SaveSnapshot(Snapshot s)
    {
        lock (_gate)
        {
            NpgsqlTransaction? tx = null;
            try
            {
                var writer = Writer();
                tx = writer.BeginTransaction();
                using var batch = new NpgsqlBatch(writer, tx);
                var upsert = new NpgsqlBatchCommand("""
                    INSERT INTO snapshots(pos, state_hash, last_seq, image, crc) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (pos) DO UPDATE SET state_hash = excluded.state_hash, last_seq = excluded.last_seq, image = excluded.image, crc = excluded.crc
                    """);
                upsert.Parameters.Add(new NpgsqlParameter { Value = s.Position });
                upsert.Parameters.Add(new NpgsqlParameter { Value = s.StateHash });
                upsert.Parameters.Add(new NpgsqlParameter { Value = s.LastSeq });
                upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)s.Image ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
                upsert.Parameters.Add(new NpgsqlParameter { Value = (long)Checksum.OfSnapshot(s) });
                batch.BatchCommands.Add(upsert);
                var prune = new NpgsqlBatchCommand("DELETE FROM snapshots WHERE pos NOT IN (SELECT pos FROM snapshots ORDER BY pos DESC LIMIT $1)");
                prune.Parameters.Add(new NpgsqlParameter { Value = (long)Math.Max(1, _options.KeepSnapshots) });
                batch.BatchCommands.Add(prune);
                batch.ExecuteNonQuery();
                _options.BeforeCommit?.Invoke();
                tx.Commit();
            }
            catch (Exception e) when (IsDatabaseFailure(e))
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

    /// <inheritdoc/>
    public IEnumerable<Snapshot> Snapshots(ICollection<string> problems)
    {
        var positions = new List<long>();
        var (conn, cmd, r) = Query("SELECT pos FROM snapshots ORDER BY pos DESC");
        using (conn)
        using (cmd)
        using (r)
        {
            while (r.Read())
                positions.Add(r.GetInt64(0));
        }

        return SnapshotShelf.Checked(positions, ReadSnapshot, problems);
    }

    private (Snapshot, uint)? ReadSnapshot(long pos)
    {
        var (conn, cmd, r) = Query("SELECT pos, state_hash, last_seq, image, crc FROM snapshots WHERE pos = $1", pos);
        using (conn)
        using (cmd)
        using (r)
        {
            if (!r.Read())
                return null;
            return (new Snapshot(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetFieldValue<byte[]>(3)), unchecked((uint)r.GetInt64(4)));
        }
    }

    /// <inheritdoc/>
    public void AddKey(ApiKeyRecord key)
    {
        lock (_gate)
        {
            try
            {
                using var cmd = new NpgsqlCommand("INSERT INTO api_keys(hash, role, account, created) VALUES ($1, $2, $3, now())", Writer());
                cmd.Parameters.Add(new NpgsqlParameter { Value = key.Hash });
                cmd.Parameters.Add(new NpgsqlParameter { Value = key.Role });
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)key.Account ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                cmd.ExecuteNonQuery();
            }
            catch (Exception e) when (IsDatabaseFailure(e))
            {
                throw new StorageException($"API key not stored: {e.Message}", e);
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<ApiKeyRecord> Keys()
    {
        var (conn, cmd, r) = Query("SELECT hash, role, account FROM api_keys");
        using (conn)
        using (cmd)
        using (r)
        {
            var list = new List<ApiKeyRecord>();
            while (r.Read())
                list.Add(new ApiKeyRecord(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
            return list;
        }
    }

    /// <inheritdoc/>
    public ApiKeyRecord? FindKey(string hash)
    {
        var (conn, cmd, r) = Query("SELECT hash, role, account FROM api_keys WHERE hash = $1", hash);
        using (conn)
        using (cmd)
        using (r)
            return r.Read() ? new ApiKeyRecord(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)) : null;
    }

    /// <summary>Runs a query on a pooled connection of its own (readers never wait for the writer), failures as <see cref="StorageException"/>.</summary>
    private (NpgsqlConnection, NpgsqlCommand, NpgsqlDataReader) Query(string sql, params object[] args)
    {
        NpgsqlConnection? conn = null;
        try
        {
            conn = _source.OpenConnection();
            var cmd = new NpgsqlCommand(sql, conn);
            foreach (var a in args)
                cmd.Parameters.Add(new NpgsqlParameter { Value = a });
            return (conn, cmd, cmd.ExecuteReader());
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            conn?.Dispose();
            throw new StorageException($"PostgreSQL at {_where}: {e.Message}", e);
        }
    }

    private static RecoveryReport VerifyAndCut(NpgsqlConnection writer)
    {
        Acknowledged? acknowledged = null;
        using (var cmd = new NpgsqlCommand("SELECT pos, crc FROM acknowledged WHERE id = 1", writer))
        using (var r = cmd.ExecuteReader())
        {
            if (r.Read())
                acknowledged = new Acknowledged(r.GetInt64(0), unchecked((uint)r.GetInt64(1)));
        }

        var audit = new JournalAudit(acknowledged, "table acknowledged");
        using (var cmd = new NpgsqlCommand("SELECT pos, line, crc FROM journal ORDER BY pos", writer))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                audit.Add(r.GetInt64(0), r.GetString(1), unchecked((uint)r.GetInt64(2)));
        }

        var report = audit.Decide("; or, to accept this journal as it is, DELETE FROM acknowledged and restart", out long cutFrom);
        if (cutFrom > 0)
        {
            using var tx = writer.BeginTransaction();
            using var cmd = new NpgsqlCommand("DELETE FROM journal WHERE pos >= $1", writer, tx);
            cmd.Parameters.Add(new NpgsqlParameter { Value = cutFrom });
            cmd.ExecuteNonQuery();
            cmd.CommandText = "DELETE FROM requests WHERE last_pos >= $1";
            cmd.ExecuteNonQuery();
            cmd.CommandText = "DELETE FROM snapshots WHERE pos >= $1";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }

        // a hot standby's database is read-only: its watermark arrives with the leader's WAL
        if (!report.Fenced && acknowledged is null && !InRecovery(writer))
        {
            var mark = audit.LastGoodMark;
            using var cmd = new NpgsqlCommand("INSERT INTO acknowledged(id, pos, crc) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET pos = excluded.pos, crc = excluded.crc", writer);
            cmd.Parameters.Add(new NpgsqlParameter { Value = mark.Position });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)mark.Crc });
            cmd.ExecuteNonQuery();
        }

        return report;
    }

    private static bool InRecovery(NpgsqlConnection c) => Scalar(c, "SELECT pg_is_in_recovery()") is true;

    private static object? Scalar(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    private static void Exec(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Closes the writer connection and the pool.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        _source.Dispose();
        _writerSource.Dispose();
    }
}
