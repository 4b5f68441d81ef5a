using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialLoss.Contract;

namespace SocialLoss.Server;

/// <summary><c>POST /keys</c>: operators create API keys.</summary>
internal static class KeyEndpoints
{
    private const string Expected = "expected a JSON object {\"role\": \"operator\"|\"account\", \"account\": NAME}";

    /// <summary>Maps the route.</summary>
    public static void Map(IEndpointRouteBuilder api, ApiKeys keys, ClearingService svc) =>
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
            if (svc.Role == NodeRole.Standby)
                return ApiResults.NotPrimary(ctx, svc.Leader, "this node is a hot standby: create keys on the primary");
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
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in body.EnumerateObject())
        {
            var name = JsonObjectReader.Echo(p.Name);
            if (p.Name is not ("role" or "account"))
                return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", $"unknown field \"{name}\" (expected: role, account)", name);
            if (!seen.Add(p.Name))
                return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", $"duplicate field \"{name}\": each field may appear once", name);
        }

        if (body.TryGetProperty("account", out var acct) && acct.ValueKind != JsonValueKind.Null
            && (acct.ValueKind != JsonValueKind.String || !ContractIds.IsValid(acct.GetString())))
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", $"field \"account\": expected {ContractIds.Rule}, got {JsonObjectReader.Describe(acct)}", "account");
        string? role = body.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (role is not (ApiKeys.OperatorRole or ApiKeys.AccountRole))
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", "field \"role\": expected \"operator\" or \"account\"", "role");
        bool named = body.TryGetProperty("account", out var a) && a.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(a.GetString());
        if (role == ApiKeys.AccountRole && !named)
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid body", "field \"account\": an account key needs the account's name", "account");
        return null;
    }
}
