using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary><c>POST /keys</c>: operators create API keys.</summary>
internal static class KeyEndpoints
{
    private const string Expected = "expected a JSON object {\"role\": \"operator\"|\"account\", \"account\": NAME}";

    /// <summary>Maps the route.</summary>
    public static void Map(IEndpointRouteBuilder api, ApiKeys keys) =>
        api.MapPost("/keys", async (HttpContext ctx) =>
        {
            if (!ctx.Caller().IsOperator)
                return ApiResults.Forbidden("creating keys needs an operator key");
            JsonElement body;
            try
            {
                body = (await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted)).RootElement;
            }
            catch (JsonException e)
            {
                return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", $"invalid JSON: {e.Message}; {Expected}");
            }

            if (Read(body) is { } problem)
                return problem;
            string role = body.GetProperty("role").GetString()!;
            string? account = role == ApiKeys.AccountRole ? body.GetProperty("account").GetString() : null;
            return ApiResults.Json(new KeyCreated(keys.Create(role, account), role, account), StatusCodes.Status201Created);
        })
        .Describe("createKey", "keys", "Create an API key (operators); the key is shown only in this answer.")
        .Accepts<KeyRequest>("application/json")
        .Produces<KeyCreated>(StatusCodes.Status201Created)
        .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);

    /// <summary>Null when the body is a valid key request, or the problem naming the field at fault.</summary>
    private static IResult? Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", Expected);
        foreach (var p in body.EnumerateObject())
            if (p.Name is not ("role" or "account"))
                return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", $"unknown field \"{p.Name}\" (expected: role, account)", p.Name);
        string? role = body.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (role is not (ApiKeys.OperatorRole or ApiKeys.AccountRole))
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", "field \"role\": expected \"operator\" or \"account\"", "role");
        bool named = body.TryGetProperty("account", out var a) && a.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(a.GetString());
        if (role == ApiKeys.AccountRole && !named)
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", "field \"account\": an account key needs the account's name", "account");
        return null;
    }
}
