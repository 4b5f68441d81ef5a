using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary>Access control of the API routes: every route of the group needs a known key; the caller is kept on the request.</summary>
internal static class Access
{
    /// <summary>The route group whose every route answers 401 without a known key.</summary>
    public static RouteGroupBuilder KeyedGroup(this IEndpointRouteBuilder app, ApiKeys keys)
    {
        var group = app.MapGroup("");
        // every keyed route can answer 401 (no or unknown key) and 429 (the key's rate limit)
        foreach (var status in new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests })
            group.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiProblem), [ApiResults.ProblemContentType]));
        return group.AddEndpointFilter(async (ctx, next) =>
        {
            if (keys.Authenticate(ctx.HttpContext) is null)
            {
                ctx.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return ApiResults.Problem(StatusCodes.Status401Unauthorized, "missing or unknown API key", "send the key as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'");
            }

            return await next(ctx);
        });
    }

    /// <summary>The authenticated caller of a request that passed the group's filter.</summary>
    public static Caller Caller(this HttpContext ctx) => (Caller)ctx.Items[typeof(Caller)]!;
}
