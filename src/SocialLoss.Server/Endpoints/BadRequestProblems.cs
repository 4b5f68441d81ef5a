using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using SocialLoss.Contract;

namespace SocialLoss.Server;

/// <summary>Requests the framework refuses before a route runs (a query parameter that does not bind), answered as problems.</summary>
internal static partial class BadRequestProblems
{
    /// <summary>
    /// A query parameter that does not bind (<c>since=abc</c>) as a problem naming it, instead of a 400 with an empty
    /// body; other bad requests (a body that is not JSON) keep their status with the framework's reason.
    /// </summary>
    public static async Task BadRequestAsProblem(HttpContext ctx, RequestDelegate next)
    {
        try
        {
            await next(ctx);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            var m = BindFailure().Match(e.Message);
            var result = m.Success
                ? ApiResults.Problem(e.StatusCode, "invalid query", $"field \"{m.Groups[2].Value}\": expected {(m.Groups[1].Value.StartsWith("long", StringComparison.Ordinal) || m.Groups[1].Value.StartsWith("int", StringComparison.Ordinal) ? "a whole number" : "a " + m.Groups[1].Value.TrimEnd('?'))}, got \"{JsonObjectReader.Echo(m.Groups[3].Value)}\"", m.Groups[2].Value)
                : ApiResults.Problem(e.StatusCode, "bad request", e.Message);
            await result.ExecuteAsync(ctx);
        }
    }

    // "Failed to bind parameter "long? since" from "abc"." (ASP.NET Core's RequestDelegateFactory)
    [GeneratedRegex("^Failed to bind parameter \"([^\" ]+) ([^\"]+)\" from \"(.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();
}
