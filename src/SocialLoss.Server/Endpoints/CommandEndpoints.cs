using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary><c>POST /commands</c>: submit commands; answered with their events once durable.</summary>
internal static class CommandEndpoints
{
    /// <summary>Longest Idempotency-Key accepted.</summary>
    public const int MaxIdempotencyKey = 200;

    /// <summary>Maps the route.</summary>
    public static void Map(IEndpointRouteBuilder api, ClearingService svc, CommandQuota quota, ServiceOptions options) =>
        api.MapPost("/commands", (HttpContext ctx, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) => Submit(ctx, idempotencyKey, svc, quota, options))
            .Describe("submitCommands", "commands", "Submit commands (one JSON object, a JSON array, or JSON lines); answered with their events once durable.",
                "Body: one command object (application/json), a JSON array of them, or JSON lines (application/x-ndjson, or any other content type). " +
                "All or nothing: a bad command is a 400 naming its line and field, and nothing of the body is journaled. Idempotent by the " +
                "'Idempotency-Key' header: a retry with the same key and body returns the first answer (header Idempotent-Replayed: true). " +
                "Account keys may submit only 'withdraw' commands for their own account, at most 100 per request by default. Every key has a budget of commands per second (429 beyond, with Retry-After).")
            .Produces<SubmitAnswer>()
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> Submit(HttpContext ctx, string? idem, ClearingService svc, CommandQuota quota, ServiceOptions options)
    {
        var caller = ctx.Caller();
        var (lines, commands, problem) = await CommandRequestReader.ReadAsync(ctx, caller, quota, options);
        if (problem is not null)
            return problem;
        if (quota.TryTake(caller, commands.Count) is { } wait)
        {
            var (rate, burst) = quota.Budget(caller);
            ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiResults.Problem(429, "command quota exceeded",
                $"this key may submit {rate} commands per second (burst {burst}; commands the engine rejects count too): the {commands.Count} of this request are over the budget, nothing was applied");
        }

        DefaultPriceBands.Apply(lines, commands, options.DefaultPriceBand);
        string? requestId = null;
        if (!string.IsNullOrEmpty(idem))
        {
            if (idem.Length > MaxIdempotencyKey)
                return ApiResults.Problem(400, "invalid header", $"Idempotency-Key: at most {MaxIdempotencyKey} characters", "Idempotency-Key");
            requestId = caller.KeyHash[..16] + ":" + idem;
        }

        // the hash tells a retry from a reuse of its Idempotency-Key; without a key it is never compared, so spare
        // the join and the SHA-256 of the whole body on every request
        var bodyHash = requestId is null ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
        var outcome = await svc.SubmitAsync(lines, commands, requestId, bodyHash);
        if (outcome.Result is not { } result)
            return outcome.Error == SubmitError.NotPrimary ? ApiResults.NotPrimary(ctx, svc.Leader, outcome.Message!) : Refused(outcome.Error!.Value, outcome.Message!);
        if (result.Replayed)
            ctx.Response.Headers["Idempotent-Replayed"] = "true";
        var answer = new ArrayBufferWriter<byte>(result.Events.Count * 160 + 64);
        Views.WriteSubmitted(result, answer);
        return new Utf8JsonResult(answer);
    }

    private static IResult Refused(SubmitError error, string message) => error switch
    {
        SubmitError.NotJournaled => ApiResults.Problem(503, "not journaled",
            $"{message}; nothing was applied and the service is fenced until it restarts: then retry with the same Idempotency-Key (the commit may have become durable after all)"),
        SubmitError.IdempotencyConflict => ApiResults.Problem(422, "idempotency conflict", message, "Idempotency-Key"),
        _ => ApiResults.Problem(503, "service faulted", message),
    };
}
