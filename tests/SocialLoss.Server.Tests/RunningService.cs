using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using SocialLoss.Server;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>The service on a free loopback port, with a fresh database and an operator key.</summary>
public sealed class RunningService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDir;

    private RunningService(WebApplication app, string dir, string db, string operatorKey, bool ownsDir)
    {
        _app = app;
        Dir = dir;
        Db = db;
        OperatorKey = operatorKey;
        _ownsDir = ownsDir;
        Url = app.Urls.First();
        Service = (ClearingService)app.Services.GetService(typeof(ClearingService))!;
        Keys = (ApiKeys)app.Services.GetService(typeof(ApiKeys))!;
    }

    public string Dir { get; }
    public string Db { get; }
    public string Url { get; }
    public string OperatorKey { get; }
    public ClearingService Service { get; }
    public ApiKeys Keys { get; }

    public static async Task<RunningService> StartAsync(string? db = null, string? operatorKey = null, int requestsPerSecond = 10_000,
        StoreOptions? store = null, int snapshotEvery = 10_000, (int Rate, int Burst)? accountCommands = null, long maxBodyBytes = 1024 * 1024)
    {
        bool owns = db is null;
        var dir = db is null ? Directory.CreateTempSubdirectory("socialloss-svc-").FullName : Path.GetDirectoryName(db)!;
        db ??= Path.Combine(dir, "service.db");
        if (operatorKey is null)
        {
            using var s = SqliteStore.Open(db);
            operatorKey = ApiKeys.Create(s, ApiKeys.OperatorRole, null);
        }

        var app = ServiceHost.Build(new ServiceOptions
        {
            DatabasePath = db,
            Urls = ["http://127.0.0.1:0"],
            RequestsPerSecond = requestsPerSecond,
            Burst = requestsPerSecond,
            Store = store,
            SnapshotEvery = snapshotEvery,
            MaxBodyBytes = maxBodyBytes,
            AccountCommandsPerSecond = accountCommands?.Rate ?? 100,
            AccountCommandBurst = accountCommands?.Burst ?? 200,
        });
        await app.StartAsync();
        return new RunningService(app, dir, db, operatorKey, owns);
    }

    public HttpClient Client(string? key = null)
    {
        var c = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return c;
    }

    public HttpClient Operator() => Client(OperatorKey);

    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDir)
            Directory.Delete(Dir, recursive: true);
    }
}
