using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SocialLoss.Server;

/// <summary>How a route is described in the OpenAPI document: its operation id, summary, answers and problems.</summary>
internal static class RouteDescriptions
{
    /// <summary>Names the operation (its operationId, the generated client's method) and says what it does.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string operationId, string tag, string summary, string? description = null)
    {
        route.WithName(operationId).WithTags(tag).WithSummary(summary);
        return description is null ? route : route.WithDescription(description);
    }

    /// <summary>Declares the problem answers (RFC 9457) the route can give, besides 401 and 429, which the keyed group declares.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
            route.Produces<ApiProblem>(status, ApiResults.ProblemContentType);
        return route;
    }
}
