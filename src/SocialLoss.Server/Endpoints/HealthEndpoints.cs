using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary><c>GET /health</c>: liveness, journal position and, when fenced, why (no key needed).</summary>
internal static class HealthEndpoints
{
    /// <summary>Maps the route.</summary>
    public static void Map(IEndpointRouteBuilder app, ClearingService svc) =>
        app.MapGet("/health", (HttpContext ctx) =>
        {
            var answer = ReplicationHealth.Of(svc, ctx.RequestServices.GetService(typeof(ReplicationFollower)) as ReplicationFollower);
            return ApiResults.Json(answer, answer.Fault is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        })
        .Describe("getHealth", "service", "Liveness, role (primary or standby), journal and applied positions and lag, the oldest event held, what recovery found on start and, when fenced, why.",
            "No key needed. 503 with status \"faulted\" while the service refuses commands: after a failed journal or snapshot write (until a restart), storage damage found on start (until the database is restored), or a primary whose database is no longer the leader.")
        .Produces<HealthAnswer>(StatusCodes.Status200OK)
        .Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
}
