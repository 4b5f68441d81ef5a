using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary><c>GET /health</c>: liveness, journal position and, when fenced, why (no key needed).</summary>
internal static class HealthEndpoints
{
    /// <summary>Maps the route.</summary>
    public static void Map(IEndpointRouteBuilder app, ClearingService svc) =>
        app.MapGet("/health", () =>
        {
            var fault = svc.Fault;
            var answer = new HealthAnswer(fault is null ? "ok" : "faulted", svc.Position, fault, svc.FirstEventSeq, fault is not null, svc.Recovery.Problems);
            return ApiResults.Json(answer, fault is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        })
        .Describe("getHealth", "service", "Liveness, journal position, the oldest event held, what recovery found on start and, when fenced, why.",
            "No key needed. 503 with status \"faulted\" while the service refuses commands: after a failed journal or snapshot write (until a restart), or storage damage found on start (until the database is restored).")
        .Produces<HealthAnswer>(StatusCodes.Status200OK)
        .Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
}
