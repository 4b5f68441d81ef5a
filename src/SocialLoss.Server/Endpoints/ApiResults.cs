using Microsoft.AspNetCore.Http;

namespace SocialLoss.Server;

/// <summary>The answers every route shares: JSON bodies and RFC 9457 problem details.</summary>
internal static class ApiResults
{
    /// <summary>The problem content type (RFC 9457).</summary>
    public const string ProblemContentType = "application/problem+json";

    /// <summary>A 200 JSON answer.</summary>
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, statusCode: status);

    /// <summary>A problem answer: <paramref name="title"/> for the kind, <paramref name="detail"/> for this request.</summary>
    public static IResult Problem(int status, string title, string detail, string? field = null, int? line = null) =>
        Results.Json(Of(status, title, detail, field, line), contentType: ProblemContentType, statusCode: status);

    /// <summary>The problem record (for writers outside a route handler, such as the rate limiter).</summary>
    public static ApiProblem Of(int status, string title, string detail, string? field = null, int? line = null) =>
        new(TypeOf(status), title, status, detail, field, line);

    /// <summary>503 from a standby, with the leader's engine in the <c>Leader</c> header (when known) for the client to follow.</summary>
    public static IResult NotPrimary(HttpContext ctx, string? leader, string detail)
    {
        if (leader is not null)
            ctx.Response.Headers["Leader"] = leader;
        ctx.Response.Headers.RetryAfter = "1";
        return Problem(StatusCodes.Status503ServiceUnavailable, "not the primary", detail);
    }

    /// <summary>A 403 problem.</summary>
    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "forbidden", detail);

    /// <summary>A 404 problem.</summary>
    public static IResult NotFound(string title, string detail) => Problem(StatusCodes.Status404NotFound, title, detail);

    // RFC 9110's section for each status code, as ASP.NET Core's own problem details name them.
    private static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "about:blank",
    };
}
