using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary>The event stream: <c>/events</c> (a page of held events) and <c>/events/stream</c> (Server-Sent Events).</summary>
internal static class EventEndpoints
{
    private const int MaxEventsPerRequest = 10_000;

    /// <summary>A 400 naming <paramref name="name"/> when a count parameter is outside 1–10,000 (0 or a negative count used to answer one event).</summary>
    private static IResult? OutOfRange(string name, int? value) =>
        value is < 1 or > MaxEventsPerRequest
            ? ApiResults.Problem(400, "invalid query", $"field \"{name}\": expected a whole number from 1 to {MaxEventsPerRequest}, got {value}", name)
            : null;

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder api, ClearingService svc)
    {
        api.MapGet("/events", (HttpContext ctx, long? since, int? limit, int? last) =>
        {
            ctx.Response.Headers["First-Event-Seq"] = svc.FirstEventSeq.ToString(CultureInfo.InvariantCulture);
            var c = ctx.Caller();
            string? account = c.IsOperator ? null : c.Account;
            if (since is < 0)
                return ApiResults.Problem(StatusCodes.Status400BadRequest, "invalid query", "field \"since\": must not be negative", "since");
            if ((OutOfRange("limit", limit) ?? OutOfRange("last", last)) is { } bad)
                return bad;
            if (last is { } n)
                return Results.Text(Views.Events(svc.LastEvents(n, account)), "application/json");
            return Results.Text(Views.Events(svc.EventsSince(since ?? 0, limit ?? 1000, account)), "application/json");
        })
        .Describe("listEvents", "events", "Events with seq above 'since' (at most 'limit', 1 to 10,000, default 1,000), or the 'last' N events; account keys see only events naming their account.",
            "Only events held in memory are served: after a restart from a snapshot those up to the snapshot are not (the header First-Event-Seq and /health say where they start).")
        .Produces<IReadOnlyList<ContractEvent>>()
        .Problems(StatusCodes.Status400BadRequest);

        api.MapGet("/events/stream", (HttpContext ctx, long? since) => EventStream.Serve(ctx, svc, since))
            .Describe("streamEvents", "events", "Server-Sent Events: every new event (account keys: their own); 'since' or Last-Event-ID replays from there first.",
                "Each message has id (the event's seq), event (its type) and data (the contract-v1 event as one JSON line); a comment line every 15 s keeps the connection open.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");
    }
}
