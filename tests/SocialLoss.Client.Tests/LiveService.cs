using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using SocialLoss.Server;
using SocialLoss.Storage;

namespace SocialLoss.Client.Tests;

/// <summary>The service on a free loopback port with a fresh SQLite database and an operator key.</summary>
internal sealed class LiveService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private LiveService(WebApplication app, string dir, string key)
    {
        _app = app;
        _dir = dir;
        OperatorKey = key;
        Url = new Uri(app.Urls.First());
    }

    public Uri Url { get; }

    public string OperatorKey { get; }

    public static async Task<LiveService> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("socialloss-client-").FullName;
        var db = Path.Combine(dir, "service.db");
        string key;
        using (var store = SqliteStore.Open(db))
            key = ApiKeys.Create(store, ApiKeys.OperatorRole, null);
        var app = ServiceHost.Build(new ServiceOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"] });
        await app.StartAsync();
        return new LiveService(app, dir, key);
    }

    public HttpClient Http(string? key = null)
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
