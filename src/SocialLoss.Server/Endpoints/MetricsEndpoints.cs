using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary>
/// <c>GET /metrics</c> (operators): the Prometheus text of OpenTelemetry's exporter. The exporter runs as a small pipeline of
/// its own that this route hands the request to once the caller is known to be an operator, so the route keeps the API's
/// access control, rate limit and description.
/// </summary>
internal static class MetricsEndpoints
{
    /// <summary>Maps the route.</summary>
    public static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var scrape = app.CreateApplicationBuilder().UseOpenTelemetryPrometheusScrapingEndpoint(null, _ => true, null, null, null).Build();
        api.MapGet("/metrics", (HttpContext ctx) => ctx.Caller().IsOperator ? new PipelineResult(scrape) : ApiResults.Forbidden("metrics need an operator key"))
            .Describe("getMetrics", "service", "Prometheus metrics (operators).",
                "Counters socialloss_commands_total, socialloss_commands_rejected_total, socialloss_events_total, socialloss_liquidations_total, " +
                "socialloss_adl_fills_total, socialloss_clawbacks_total, socialloss_journal_commits_total, socialloss_journal_commit_failures_total, " +
                "socialloss_snapshots_total; gauges socialloss_insurance_fund, socialloss_deficit, socialloss_journal_position, socialloss_sse_clients, " +
                "socialloss_faulted; histogram socialloss_journal_commit_seconds.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Problems(StatusCodes.Status403Forbidden);
    }

    /// <summary>An answer written by a request pipeline.</summary>
    private sealed class PipelineResult(RequestDelegate pipeline) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => pipeline(httpContext);
    }
}
