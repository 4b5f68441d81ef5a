using BenchmarkDotNet.Attributes;
using Npgsql;
using SocialLoss.Storage;

namespace SocialLoss.Benchmarks;

/// <summary>
/// Group commit: one durable <see cref="IClearingStore.Append"/> of a batch of commands, on SQLite (WAL,
/// synchronous=FULL, a temp file) and on PostgreSQL (synchronous_commit=on, a fresh schema in the server named
/// by SOCIALLOSS_BENCH_PG or SOCIALLOSS_TEST_PG; scripts/postgres.sh prints one). Commands per second = Batch / Mean.
/// </summary>
public class JournalBenchmarks
{
    private IClearingStore _store = null!;
    private AppendRequest[] _requests = null!;
    private string? _dir;
    private string? _schema;
    private string? _server;
    private long _request;

    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "";

    [Params(1, 1000)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // one request of 10 commands with an idempotency id, as the service appends them, to make up the batch
        int perRequest = Math.Min(Batch, 10);
        _requests = [.. Enumerable.Range(0, Batch / perRequest).Select(r => new AppendRequest(
            [.. Enumerable.Range(0, perRequest).Select(i => $"{{\"type\":\"trade\",\"market\":\"BTC-PERP\",\"buyer\":\"a{r}\",\"seller\":\"b{i}\",\"price\":\"60012.5\",\"quantity\":\"0.015\"}}")],
            null, "0123456789abcdef0123456789abcdef"))];
        if (Store == "sqlite")
        {
            _dir = Directory.CreateTempSubdirectory("socialloss-bench-").FullName;
            _store = SqliteStore.Open(Path.Combine(_dir, "journal.db"));
            return;
        }

        _server = Environment.GetEnvironmentVariable("SOCIALLOSS_BENCH_PG") ?? Environment.GetEnvironmentVariable("SOCIALLOSS_TEST_PG")
            ?? throw new InvalidOperationException("set SOCIALLOSS_BENCH_PG to a PostgreSQL connection string (scripts/postgres.sh prints one)");
        _schema = "bench_" + Guid.NewGuid().ToString("N");
        _store = PostgresStore.Open(new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ToString());
    }

    /// <summary>One transaction holding <see cref="Batch"/> commands, durable when it returns.</summary>
    [Benchmark]
    public long Append()
    {
        // fresh idempotency ids each time, as real requests have
        var batch = new AppendRequest[_requests.Length];
        for (int i = 0; i < batch.Length; i++)
            batch[i] = _requests[i] with { RequestId = "r" + (++_request) };
        return _store.Append(batch)[^1];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        if (_dir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
        }

        if (_schema is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var c = new NpgsqlConnection(_server);
            c.Open();
            using var cmd = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", c);
            cmd.ExecuteNonQuery();
        }
    }
}
