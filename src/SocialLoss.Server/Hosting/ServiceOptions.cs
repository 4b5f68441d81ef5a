using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>How <see cref="ServiceHost"/> runs the service.</summary>
public sealed class ServiceOptions
{
    /// <summary>
    /// Where the journal, snapshots and keys live: the path of a SQLite database (created when missing), or a
    /// PostgreSQL <c>postgres://</c> URI or Npgsql connection string (see <see cref="ClearingStore.Open"/>).
    /// </summary>
    public required string DatabasePath { get; init; }

    /// <summary>Addresses to listen on (default <c>http://127.0.0.1:5080</c>; port 0 picks a free one).</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:5080"];

    /// <summary>A snapshot (journal position + state hash) every this many commands.</summary>
    public int SnapshotEvery { get; init; } = 10_000;

    /// <summary>Events held in memory (older ones are dropped; <c>/health</c> shows <c>firstEventSeq</c>).</summary>
    public int KeepEvents { get; init; } = 2_000_000;

    /// <summary>Requests per second each API key (or, without a valid key, each IP address) may make.</summary>
    public int RequestsPerSecond { get; init; } = 200;

    /// <summary>Requests a key may make in a burst above the steady rate.</summary>
    public int Burst { get; init; } = 400;

    /// <summary>Largest request body, in bytes (larger: 413).</summary>
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// The price band given to a <c>market</c> command that sets none (<c>priceBand</c>, a fraction of the mark; zero:
    /// none, the default here; <c>socialloss serve</c> sets <see cref="DefaultPriceBands.Default"/>). Written into the
    /// journaled line, so recovery lists the market exactly as it was listed.
    /// </summary>
    public Core.Numbers.Rate DefaultPriceBand { get; init; }

    /// <summary>Most commands in one request (more: 413).</summary>
    public int MaxCommandsPerRequest { get; init; } = 50_000;

    /// <summary>Most commands in one request made with an account key (more: 413).</summary>
    public int MaxCommandsPerAccountRequest { get; init; } = 100;

    /// <summary>Commands per second an account key may submit (<see cref="CommandQuota"/>; rejected commands count too; beyond: 429).</summary>
    public int AccountCommandsPerSecond { get; init; } = 100;

    /// <summary>Commands an account key may submit in a burst (at least one full request).</summary>
    public int AccountCommandBurst { get; init; } = 200;

    /// <summary>Commands per second an operator key may submit (far above what the journal takes: it stops only a runaway client).</summary>
    public int OperatorCommandsPerSecond { get; init; } = 200_000;

    /// <summary>Commands an operator key may submit in a burst (at least one full request).</summary>
    public int OperatorCommandBurst { get; init; } = 400_000;

    /// <summary>The clock stamping the dashboard's history (the system clock when null; a fake one in tests).</summary>
    public TimeProvider? Time { get; init; }
    /// <summary>
    /// The node's Patroni REST API (<c>http://127.0.0.1:8008/</c>) in a replicated deployment: the engine then takes its
    /// role from its PostgreSQL database (primary when it leads, hot standby when it is a replica) and finds the leader
    /// there for redirects. Null: a single node, always primary.
    /// </summary>
    public Uri? Patroni { get; init; }

    /// <summary>Store options (fault injection in tests).</summary>
    public StoreOptions? Store { get; init; }

    /// <summary>
    /// What is wrong with these options, as the <c>serve</c> option it comes from, or null when they are valid:
    /// <see cref="ServiceHost.Build"/> refuses options with a problem.
    /// </summary>
    public string? Problem() =>
        KeepEvents < 1 ? "--keep-events must be at least 1"
        : OperatorCommandsPerSecond < 1 || AccountCommandsPerSecond < 1 ? "--command-rate and --account-command-rate must be at least 1"
        : DefaultPriceBand.Ppb < 0 || DefaultPriceBand.Ppb > Core.Numbers.Rate.Scale ? $"--price-band: expected a fraction from 0 to 1 like \"0.1\", got \"{DefaultPriceBand}\""
        : Patroni is { } p && (!p.IsAbsoluteUri || p.Scheme is not ("http" or "https")) ? $"--patroni: expected the http:// URL of Patroni's REST API, got \"{p}\""
        : null;
}
