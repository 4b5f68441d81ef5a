using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using SocialLoss.Server;
using SocialLoss.Storage;

namespace SocialLoss.Cli;

/// <summary><c>socialloss serve [--db FILE|postgres://…] [--urls URLS] [--create-operator-key] [--create-account-key NAME]</c>.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db")
        {
            Description = "Where the journal, snapshots and API keys live: a SQLite file (created when missing), or a PostgreSQL "
                + "database for shared deployments, as a URI (postgres://user:password@host:5432/db?search_path=schema) or an "
                + "Npgsql connection string (Host=…;Username=…;Password=…;Database=…); tables are created when missing",
            DefaultValueFactory = _ => "socialloss.db",
        };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';' (port 0 picks a free port)", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var operatorKey = new Option<bool>("--create-operator-key") { Description = "Create an operator API key, print it once, and exit (only its SHA-256 hash is stored)" };
        var accountKey = new Option<string?>("--create-account-key") { Description = "Create an API key for this account (reads its own account and events, submits its withdrawals), print it once, and exit" };
        var snapshotEvery = new Option<int>("--snapshot-every") { Description = "Write a full snapshot (the complete state, checksummed) every N commands; a restart restores the newest good one and replays only the journal after it", DefaultValueFactory = _ => 10_000 };
        var keepEvents = new Option<int>("--keep-events") { Description = "Events held in memory for /events, the live stream's catch-up and the dashboard; older ones are dropped (the journal keeps every command)", DefaultValueFactory = _ => 2_000_000 };
        var rate = new Option<int>("--rate-limit") { Description = "Requests per second per API key (burst: twice as many)", DefaultValueFactory = _ => 200 };
        var commandRate = new Option<int>("--command-rate") { Description = "Commands per second an operator key may submit (burst: twice as many); commands the engine rejects count too", DefaultValueFactory = _ => 200_000 };
        var accountCommandRate = new Option<int>("--account-command-rate") { Description = "Commands per second an account key may submit (burst: twice as many, at least one full request of 100); rejected commands count too", DefaultValueFactory = _ => 100 };
        var patroni = new Option<string?>("--patroni")
        {
            Description = "A replicated node: the URL of this node's Patroni REST API (http://127.0.0.1:8008). The engine is primary "
                + "while its PostgreSQL database leads and a hot standby while it is a replica (applies the leader's journal, serves "
                + "reads, answers writes with 503 and a Leader header); see scripts/ha.sh and docs/operations.md",
        };
        var priceBand = new Option<string>("--price-band") { Description = "Price band given to every market listed without a priceBand: the fraction of the mark a trade's price may differ by (0: none)", DefaultValueFactory = _ => DefaultPriceBands.Default.ToString() };
        var command = new Command("serve", """
            Run the clearing service: a journaled engine behind an HTTP API (POST /commands, GET /accounts/{id},
            /markets, /insurance, /events, /events/stream (SSE), /metrics, /health, /openapi/v1.json) and a
            live dashboard at /. Every command is journaled (SQLite in WAL mode, or PostgreSQL with
            synchronous_commit; group commit) before it is applied and acknowledged; on start the newest good
            snapshot is restored and the journal after it replayed, to the same state hash. A failed commit fences
            the service (503) until it is restarted; so does storage damage found on start (fewer records than the
            acknowledged watermark, a bad record that was acknowledged, a failed integrity check): reads go on, every
            write is refused, and nothing is deleted. Commands are rate-limited per key (--command-rate,
            --account-command-rate); an account key's request holds at most 100 commands.
            """)
        {
            db, urls, operatorKey, accountKey, snapshotEvery, keepEvents, rate, commandRate, accountCommandRate, patroni, priceBand,
        };
        command.SetAction((parse, ct) => Run(parse.GetValue(db)!, parse.GetValue(urls)!, parse.GetValue(operatorKey),
            parse.GetValue(accountKey), parse.GetValue(snapshotEvery), parse.GetValue(keepEvents), parse.GetValue(rate),
            (parse.GetValue(commandRate), parse.GetValue(accountCommandRate)), parse.GetValue(patroni), parse.GetValue(priceBand)!, ct));
        return command;
    }

    private static async Task<int> Run(string db, string urls, bool createOperator, string? createAccount, int snapshotEvery, int keepEvents, int rate,
        (int Operator, int Account) commandRates, string? patroniUrl, string priceBand, CancellationToken ct)
    {
        if (!Core.Numbers.Rate.TryParse(priceBand, out var band, out _))
            throw CliError.Invalid($"--price-band: expected a fraction from 0 to 1 like \"0.1\", got \"{priceBand}\"");
        Uri? patroni = null;
        if (patroniUrl is not null && !Uri.TryCreate(patroniUrl, UriKind.Absolute, out patroni))
            throw CliError.Invalid($"--patroni: expected the http:// URL of Patroni's REST API, got \"{patroniUrl}\"");
        var options = new ServiceOptions
        {
            DatabasePath = db,
            Urls = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            SnapshotEvery = snapshotEvery,
            KeepEvents = keepEvents,
            RequestsPerSecond = rate,
            Burst = rate * 2,
            OperatorCommandsPerSecond = commandRates.Operator,
            OperatorCommandBurst = (int)Math.Min(int.MaxValue, 2L * commandRates.Operator),
            AccountCommandsPerSecond = commandRates.Account,
            AccountCommandBurst = (int)Math.Min(int.MaxValue, 2L * commandRates.Account),
            Patroni = patroni,
            DefaultPriceBand = band,
        };
        if (options.Problem() is { } problem)
            throw CliError.Invalid(problem);
        if (createOperator || createAccount is not null)
        {
            using var store = OpenStore(db);
            var key = createOperator ? ApiKeys.Create(store, ApiKeys.OperatorRole, null) : ApiKeys.Create(store, ApiKeys.AccountRole, createAccount);
            Console.WriteLine(key);
            Console.Error.WriteLine(createOperator
                ? $"socialloss: operator key created in {ClearingStore.Describe(db)} (shown once; only its hash is stored)"
                : $"socialloss: key for account \"{createAccount}\" created in {ClearingStore.Describe(db)} (shown once; only its hash is stored)");
            return 0;
        }

        WebApplication app;
        try
        {
            app = ServiceHost.Build(options);
        }
        catch (Exception e) when (e is InvalidOperationException or StorageException)
        {
            throw CliError.NotFound($"cannot start: {e.Message}");
        }

        var service = app.Services.GetService(typeof(ClearingService)) as ClearingService;
        if (service is not null)
        {
            var r = service.Recovery;
            foreach (var p in r.Problems)
                Console.Error.WriteLine($"socialloss: recovery: {p}");
            Console.WriteLine($"socialloss: {r.Describe(ClearingStore.Describe(db))}" + (patroni is null ? "" : $"; role {service.Role.ToString().ToLowerInvariant()}"));
            if (service.Fault is { } fault)
                Console.Error.WriteLine($"socialloss: FENCED: {fault}");
        }

        await app.StartAsync(ct);
        foreach (var url in app.Urls)
            Console.WriteLine($"socialloss: listening on {url} (dashboard at {url}/, API reference at {url}/docs)");
        Console.Out.Flush();
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    private static IClearingStore OpenStore(string db)
    {
        try
        {
            return ClearingStore.Open(db);
        }
        catch (StorageException e)
        {
            throw CliError.NotFound($"cannot open the store: {e.Message}");
        }
    }
}
