using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>Builds the clearing service: store, recovery, routes, access control, rate limits, metrics, API reference, dashboard.</summary>
public static class ServiceHost
{
    /// <summary>
    /// Opens the store, recovers the engine from the journal and returns the configured (not started) web
    /// application. The store and the service are closed when the application stops.
    /// </summary>
    public static WebApplication Build(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
            throw new ArgumentException(problem, nameof(options));
        var store = ClearingStore.Open(options.DatabasePath, options.Store);
        ClearingService service;
        ReplicationFollower? follower;
        try
        {
            service = new ClearingService(store, options.SnapshotEvery, keepEvents: options.KeepEvents, time: options.Time,
                role: ReplicationFollower.StartingRole(store, options));
            follower = ReplicationFollower.Start(service, store, options);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        var keys = new ApiKeys(store);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(options);
        if (follower is not null)
            builder.Services.AddSingleton(follower);
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // answered by BadRequestProblems
        // numbers are JSON numbers only (the document says so), and absent values are written as null
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddSocialLossOpenApi();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(service.Metrics.MeterName)
            .AddPrometheusExporter(o =>
            {
                // the names and lines of the hand-written exporter this replaced: no scope labels, no target_info, no cache
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        builder.Services.AddRateLimiter(o => LimitRates(o, keys, options));

        var app = builder.Build();
        var quota = new CommandQuota(options);
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            follower?.Dispose();
            service.Dispose();
            store.Dispose();
            quota.Dispose();
        });
        app.Use(BadRequestProblems.BadRequestAsProblem);
        app.UseRateLimiter();
        app.MapOpenApi();
        DashboardEndpoints.Map(app);
        HealthEndpoints.Map(app, service);
        var api = app.KeyedGroup(keys);
        CommandEndpoints.Map(api, service, quota, options);
        AccountEndpoints.Map(api, service);
        MarketEndpoints.Map(api, service);
        LedgerEndpoints.Map(api, service);
        EventEndpoints.Map(api, service);
        KeyEndpoints.Map(api, keys, service);
        MetricsEndpoints.Map(app, api);
        return app;
    }

    /// <summary>A token bucket per API key (or, without a valid key, per IP address); the pages, health and the document are free.</summary>
    private static void LimitRates(RateLimiterOptions o, ApiKeys keys, ServiceOptions options)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
        {
            if (IsFree(ctx.Request.Path))
                return RateLimitPartition.GetNoLimiter("free");
            var partition = keys.Authenticate(ctx) is { } c ? "key:" + c.KeyHash : "ip:" + ctx.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, options.Burst),
                TokensPerPeriod = Math.Max(1, options.RequestsPerSecond),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        o.OnRejected = async (ctx, ct) =>
        {
            ctx.HttpContext.Response.Headers.RetryAfter = "1";
            await ApiResults.Problem(StatusCodes.Status429TooManyRequests, "rate limit exceeded",
                $"at most {options.RequestsPerSecond} requests per second per key (burst {options.Burst})").ExecuteAsync(ctx.HttpContext);
        };
    }

    private static bool IsFree(PathString path) =>
        path == "/health" || path == "/" || path == "/dashboard.js" || path.StartsWithSegments(DashboardEndpoints.DocsPath) || path.StartsWithSegments("/openapi");
}
