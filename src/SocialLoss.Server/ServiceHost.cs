using System.Buffers;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>Builds the clearing service: store, recovery, routes, access control, rate limits, dashboard.</summary>
public static partial class ServiceHost
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Opens the store, recovers the engine from the journal and returns the configured (not started) web
    /// application. The store and the service are closed when the application stops.
    /// </summary>
    public static WebApplication Build(ServiceOptions options)
    {
        var store = ClearingStore.Open(options.DatabasePath, options.Store);
        ClearingService service;
        ReplicationFollower? follower;
        try
        {
            service = new ClearingService(store, options.SnapshotEvery, keepEvents: options.KeepEvents, role: ReplicationFollower.StartingRole(store, options));
            follower = ReplicationFollower.Start(service, store, options);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        var keys = new ApiKeys(store);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(options);
        if (follower is not null)
            builder.Services.AddSingleton(follower);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // answered by BadRequestAsProblem
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "SocialLoss clearing service";
            doc.Info.Description = "Journaled clearing engine (contract v1 commands in, events out). Send an API key as `Authorization: Bearer KEY` or `X-Api-Key: KEY`. Operator keys may do everything; account keys read their own account and events and submit withdrawals for it.";
            return Task.CompletedTask;
        }));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                if (IsFree(ctx.Request.Path))
                    return RateLimitPartition.GetNoLimiter("free");
                var partition = keys.Authenticate(ctx) is { } c ? "key:" + c.KeyHash : "ip:" + ctx.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, options.Burst),
                    TokensPerPeriod = Math.Max(1, options.RequestsPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem(statusCode: 429, title: "rate limit exceeded", detail: $"at most {options.RequestsPerSecond} requests per second per key (burst {options.Burst})")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });

        var app = builder.Build();
        var quota = new CommandQuota(options);
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            follower?.Dispose();
            service.Dispose();
            store.Dispose();
            quota.Dispose();
        });
        app.Use(BadRequestAsProblem);
        app.UseRateLimiter();
        MapRoutes(app, service, keys, quota, options);
        return app;
    }

    private static bool IsFree(PathString path) =>
        path == "/health" || path == "/" || path == "/dashboard.js" || path == "/docs" || path.StartsWithSegments("/openapi");

    private static void MapRoutes(WebApplication app, ClearingService svc, ApiKeys keys, CommandQuota quota, ServiceOptions options)
    {
        app.MapOpenApi();
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/dashboard.js", () => Asset("dashboard.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/docs", () => Asset("docs.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/health", (HttpContext ctx) =>
        {
            var fault = svc.Fault;
            var fields = new Dictionary<string, object?>
            {
                ["status"] = fault is null ? "ok" : "faulted", ["position"] = svc.Position, ["fault"] = fault, ["firstEventSeq"] = svc.FirstEventSeq,
                ["fenced"] = fault is not null, ["recovery"] = svc.Recovery.Problems,
            };
            ReplicationHealth.Add(fields, svc, ctx.RequestServices.GetService<ReplicationFollower>());
            return Results.Text(JsonSerializer.Serialize(fields), "application/json", statusCode: fault is null ? 200 : 503);
        }).WithSummary("Liveness, role (primary or standby), journal and applied positions and lag, the oldest event held (firstEventSeq), what recovery found on start (recovery) and, when fenced (after a failed write, storage damage found on start, or a primary whose database is no longer the leader), why (503; no key needed).");

        var api = app.MapGroup("").AddEndpointFilter(async (ctx, next) =>
        {
            if (keys.Authenticate(ctx.HttpContext) is null)
            {
                ctx.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Problem(401, "missing or unknown API key", "send the key as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'");
            }

            return await next(ctx);
        });

        api.MapPost("/commands", (Delegate)((HttpContext ctx) => PostCommands(ctx, svc, quota, options)))
            .WithSummary("Submit commands (one JSON object, a JSON array, or JSONL); answered with their events once durable.")
            .WithDescription("Body: one command object (application/json), a JSON array of them, or JSON lines (any other content type). Idempotent by the 'Idempotency-Key' header: a retry with the same key and body returns the first answer. Account keys may submit only 'withdraw' commands for their own account.");

        api.MapGet("/whoami", (HttpContext ctx) =>
        {
            var c = Caller(ctx);
            return Results.Json(new Dictionary<string, string?> { ["role"] = c.IsOperator ? ApiKeys.OperatorRole : ApiKeys.AccountRole, ["account"] = c.Account });
        }).WithSummary("The role and account of the key.");

        api.MapGet("/accounts", (HttpContext ctx) =>
            Caller(ctx).IsOperator ? Text(svc.Read(Views.AccountList)) : Forbidden("listing accounts needs an operator key"))
            .WithSummary("Every account (operators).");

        api.MapGet("/accounts/{id}", (string id, HttpContext ctx) =>
        {
            if (!Caller(ctx).MayRead(id))
                return Forbidden($"this key may read only account \"{Caller(ctx).Account}\"");
            return svc.Read(l => Views.Account(l, id)) is { } json ? Text(json) : Problem(404, "unknown account", $"no account \"{id}\"");
        }).WithSummary("One account: balance, equity, margins, positions with liquidation and bankruptcy prices and ADL rank/indicator (0–4).");

        api.MapGet("/markets", () => Text(svc.Read(Views.Markets)))
            .WithSummary("Every market: mark, open interest, specification, book.");

        api.MapGet("/markets/{id}/adl", (string id, HttpContext ctx) =>
        {
            if (!Caller(ctx).IsOperator)
                return Forbidden("the ADL queue shows other accounts: operator key needed");
            return svc.Read(l => Views.AdlQueues(l, id)) is { } json ? Text(json) : Problem(404, "unknown market", $"no market \"{id}\"");
        }).WithSummary("ADL queues of a market (longs, shorts) with indicator lights (operators).");

        api.MapGet("/insurance", () => Text(svc.Read(Views.Insurance)))
            .WithSummary("Insurance fund, deficit, skin in the game, net deposits.");

        api.MapGet("/history", () => Text(Views.History(svc.History())))
            .WithSummary("Time series for the dashboard: per market mark and open interest, fund and deficit.");

        api.MapGet("/state", (HttpContext ctx) =>
            Caller(ctx).IsOperator ? Text(svc.Read(StateWriter.Write)) : Forbidden("the full state needs an operator key"))
            .WithSummary("The full contract-v1 state with its state hash (operators).");

        api.MapGet("/events", (HttpContext ctx, long? since, int? limit, int? last) =>
        {
            var c = Caller(ctx);
            if (since is < 0)
                return Problem(400, "invalid query", "field \"since\": must not be negative", "since");
            if ((OutOfRange("limit", limit) ?? OutOfRange("last", last)) is { } bad)
                return bad;
            if (last is { } n)
                return Text(Views.Events(svc.LastEvents(n, c.IsOperator ? null : c.Account)));
            var events = svc.EventsSince(since ?? 0, limit ?? 1000, c.IsOperator ? null : c.Account);
            return Text(Views.Events(events));
        }).WithSummary("Events with seq above 'since' (at most 'limit'), or the 'last' N events (account keys: only events naming their account).")
            .WithDescription("Only events held in memory are served: after a restart from a snapshot those up to the snapshot are not (the header First-Event-Seq and /health say where they start).")
            .AddEndpointFilter(async (ctx, next) =>
            {
                ctx.HttpContext.Response.Headers["First-Event-Seq"] = svc.FirstEventSeq.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return await next(ctx);
            });

        api.MapGet("/events/stream", (HttpContext ctx, long? since) => StreamEvents(ctx, svc, since))
            .WithSummary("Server-Sent Events: every new event (account keys: their own); 'since' or Last-Event-ID replays from there first.");

        api.MapGet("/metrics", (HttpContext ctx) =>
        {
            if (!Caller(ctx).IsOperator)
                return Forbidden("metrics need an operator key");
            var (fund, deficit) = svc.Read(l => (l.Insurance.Balance.ToString(), l.Deficit.ToString()));
            return Results.Text(svc.Metrics.Render(fund, deficit, svc.Position, svc.Subscribers, svc.Fault is not null), "text/plain; version=0.0.4");
        }).WithSummary("Prometheus metrics (operators).");

        api.MapPost("/keys", (HttpContext ctx, JsonElement body) =>
        {
            if (!Caller(ctx).IsOperator)
                return Forbidden("creating keys needs an operator key");
            if (body.ValueKind != JsonValueKind.Object)
                return Problem(400, "invalid body", "expected a JSON object {\"role\": \"operator\"|\"account\", \"account\": NAME}");
            if (KeyRequestProblem(body) is { } bad)
                return bad;
            string? role = body.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            string? account = body.TryGetProperty("account", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (role is not (ApiKeys.OperatorRole or ApiKeys.AccountRole))
                return Problem(400, "invalid body", "field \"role\": expected \"operator\" or \"account\"", "role");
            if (role == ApiKeys.AccountRole && string.IsNullOrWhiteSpace(account))
                return Problem(400, "invalid body", "field \"account\": an account key needs the account's name", "account");
            if (svc.Role == NodeRole.Standby)
                return NotPrimary(ctx, new NotPrimaryException(svc.Leader));
            var key = keys.Create(role, account);
            return Results.Json(new Dictionary<string, string?> { ["key"] = key, ["role"] = role, ["account"] = role == ApiKeys.AccountRole ? account : null }, statusCode: 201);
        }).WithSummary("Create an API key (operators); the key is shown only in this answer.");
    }

    /// <summary>A field of a key request other than <c>role</c> and <c>account</c>, a repeated field, or an account outside the id rule.</summary>
    private static IResult? KeyRequestProblem(JsonElement body)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in body.EnumerateObject())
        {
            var name = JsonObjectReader.Echo(p.Name);
            if (p.Name is not ("role" or "account"))
                return Problem(400, "invalid body", $"unknown field \"{name}\" (expected: role, account)", name);
            if (!seen.Add(p.Name))
                return Problem(400, "invalid body", $"duplicate field \"{name}\": each field may appear once", name);
        }

        if (body.TryGetProperty("account", out var a) && a.ValueKind != JsonValueKind.Null
            && (a.ValueKind != JsonValueKind.String || !ContractIds.IsValid(a.GetString())))
            return Problem(400, "invalid body", $"field \"account\": expected {ContractIds.Rule}, got {JsonObjectReader.Describe(a)}", "account");
        return null;
    }

    private static Caller Caller(HttpContext ctx) => (Caller)ctx.Items[typeof(Caller)]!;

    private static IResult Text(string json) => Results.Text(json, "application/json");

    private static IResult Forbidden(string detail) => Problem(403, "forbidden", detail);

    private const int MaxEventsPerRequest = 10_000;

    /// <summary>A 400 naming <paramref name="name"/> when a count parameter is outside 1–10,000 (0 or a negative count used to answer one event).</summary>
    private static IResult? OutOfRange(string name, int? value) =>
        value is < 1 or > MaxEventsPerRequest
            ? Problem(400, "invalid query", $"field \"{name}\": expected a whole number from 1 to {MaxEventsPerRequest}, got {value}", name)
            : null;

    /// <summary>
    /// A query parameter that does not bind (<c>since=abc</c>) as a problem naming it, instead of a 400 with an empty
    /// body; other bad requests (a body that is not JSON) keep their status with the framework's reason.
    /// </summary>
    private static async Task BadRequestAsProblem(HttpContext ctx, RequestDelegate next)
    {
        try
        {
            await next(ctx);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            var m = BindFailure().Match(e.Message);
            var result = m.Success
                ? Problem(e.StatusCode, "invalid query", $"field \"{m.Groups[2].Value}\": expected {(m.Groups[1].Value.StartsWith("long", StringComparison.Ordinal) || m.Groups[1].Value.StartsWith("int", StringComparison.Ordinal) ? "a whole number" : "a " + m.Groups[1].Value.TrimEnd('?'))}, got \"{JsonObjectReader.Echo(m.Groups[3].Value)}\"", m.Groups[2].Value)
                : Problem(e.StatusCode, "bad request", e.Message);
            await result.ExecuteAsync(ctx);
        }
    }

    // "Failed to bind parameter "long? since" from "abc"." (ASP.NET Core's RequestDelegateFactory)
    [GeneratedRegex("^Failed to bind parameter \"([^\" ]+) ([^\"]+)\" from \"(.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    private static IResult Problem(int status, string title, string detail, string? field = null, int? line = null)
    {
        var ext = new Dictionary<string, object?>();
        if (field is not null)
            ext["field"] = field;
        if (line is not null)
            ext["line"] = line;
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: ext);
    }

    [GeneratedRegex("field \"([^\"]+)\"")]
    private static partial Regex FieldName();

    private static async Task<IResult> PostCommands(HttpContext ctx, ClearingService svc, CommandQuota quota, ServiceOptions options)
    {
        var caller = Caller(ctx);
        byte[] body;
        int length;
        try
        {
            (body, length) = await ReadBodyAsync(ctx.Request, options.MaxBodyBytes, ctx.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(413, "request too large", $"the body may hold at most {options.MaxBodyBytes} bytes");
        }

        List<string> lines;
        List<Command> commands;
        try
        {
            bool json = ctx.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            if (CommandBody.IsJsonLines(body.AsSpan(0, length), json, out int start))
            {
                if (ParseJsonLines(body.AsSpan(0, length), start, caller, quota, out lines, out commands) is { } problem)
                    return problem;
            }
            else if (ParseText(DecodeText(body, length), ctx.Request.ContentType, caller, quota, out lines, out commands) is { } problem)
            {
                return problem;
            }
        }
        catch (DecoderFallbackException)
        {
            return Problem(400, "invalid command", "the body is not valid UTF-8 text (invalid bytes are an error, never a replacement character)");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }

        if (quota.TryTake(caller, commands.Count) is { } wait)
        {
            var (rate, burst) = quota.Budget(caller);
            ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(429, "command quota exceeded",
                $"this key may submit {rate} commands per second (burst {burst}; commands the engine rejects count too): the {commands.Count} of this request are over the budget, nothing was applied");
        }

        DefaultPriceBands.Apply(lines, commands, options.DefaultPriceBand);
        string? requestId = null;
        var idem = ctx.Request.Headers["Idempotency-Key"].ToString();
        if (idem.Length > 0)
        {
            if (idem.Length > 200)
                return Problem(400, "invalid header", "Idempotency-Key: at most 200 characters", "Idempotency-Key");
            requestId = caller.KeyHash[..16] + ":" + idem;
        }

        // the hash tells a retry from a reuse of its Idempotency-Key; without a key it is never compared, so spare
        // the join and the SHA-256 of the whole body on every request
        var bodyHash = requestId is null ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
        try
        {
            var result = await svc.SubmitAsync(lines, commands, requestId, bodyHash);
            if (result.Replayed)
                ctx.Response.Headers["Idempotent-Replayed"] = "true";
            var answer = new ArrayBufferWriter<byte>(result.Events.Count * 160 + 64);
            Views.WriteSubmitted(result, answer);
            return new Utf8JsonResult(answer);
        }
        catch (StorageException e)
        {
            return Problem(503, "not journaled", $"{e.Message}; nothing was applied and the service is fenced until it restarts: then retry with the same Idempotency-Key (the commit may have become durable after all)");
        }
        catch (IdempotencyConflictException e)
        {
            return Problem(422, "idempotency conflict", e.Message, "Idempotency-Key");
        }
        catch (ServiceFaultedException e)
        {
            return Problem(503, "service faulted", e.Message);
        }
        catch (NotPrimaryException e)
        {
            return NotPrimary(ctx, e);
        }
    }

    /// <summary>503 from a standby, with the leader's engine in the <c>Leader</c> header (when known) for the client to follow.</summary>
    private static IResult NotPrimary(HttpContext ctx, NotPrimaryException e)
    {
        if (e.Leader is { } leader)
            ctx.Response.Headers["Leader"] = leader;
        ctx.Response.Headers.RetryAfter = "1";
        return Problem(503, "not the primary", e.Message);
    }

    /// <summary>The body's bytes (a pooled buffer: return it) and their count; Kestrel enforces the size limit while reading.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        long expected = request.ContentLength is { } n and >= 0 ? Math.Min(n, maxBytes) : 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(expected + 1, Array.MaxLength));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                    return (buffer, length);
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as the text path reads it (a byte order mark detected and dropped); invalid UTF-8 throws <see cref="DecoderFallbackException"/>.</summary>
    private static string DecodeText(byte[] body, int length)
    {
        using var reader = new StreamReader(new MemoryStream(body, 0, length, writable: false), StrictUtf8);
        return reader.ReadToEnd();
    }

    /// <summary>The hot path: JSON lines parsed from their bytes. Null, or the problem to answer with (as <see cref="ParseText"/> would).</summary>
    private static IResult? ParseJsonLines(ReadOnlySpan<byte> body, int start, Caller caller, CommandQuota quota, out List<string> lines, out List<Command> commands)
    {
        var items = CommandBody.Split(body, start);
        lines = new List<string>(items.Count);
        commands = new List<Command>(items.Count);
        if (CountProblem(items.Count, caller, quota) is { } problem)
            return problem;
        var parser = CommandBody.Rent();
        try
        {
            foreach (var item in items)
            {
                try
                {
                    var (text, command) = CommandBody.Parse(parser, body.Slice(item.Start, item.Length));
                    lines.Add(text);
                    commands.Add(command);
                }
                catch (CommandFormatException e)
                {
                    return BadCommand(e.Message, item.Number);
                }

                if (AccountProblem(caller, commands[^1], item.Number) is { } denied)
                    return denied;
            }
        }
        finally
        {
            CommandBody.Return(parser);
        }

        return null;
    }

    /// <summary>A JSON object or array (or any body that starts unusually) read as text. Null, or the problem to answer with.</summary>
    private static IResult? ParseText(string body, string? contentType, Caller caller, CommandQuota quota, out List<string> lines, out List<Command> commands)
    {
        lines = [];
        commands = [];
        List<(int Line, string Text)> items;
        try
        {
            items = SplitBody(body, contentType);
        }
        catch (CommandFormatException e)
        {
            return BadCommand(e.Message, null);
        }

        if (CountProblem(items.Count, caller, quota) is { } problem)
            return problem;
        foreach (var (line, text) in items)
        {
            try
            {
                commands.Add(CommandParser.Parse(text));
            }
            catch (CommandFormatException e)
            {
                return BadCommand(e.Message, line);
            }

            if (AccountProblem(caller, commands[^1], line) is { } denied)
                return denied;
        }

        lines = items.ConvertAll(i => i.Text);
        return null;
    }

    private static IResult? CountProblem(int count, Caller caller, CommandQuota quota)
    {
        if (count == 0)
            return Problem(400, "invalid body", "the body holds no command (send one JSON object, a JSON array of them, or JSON lines)");
        int max = quota.MaxPerRequest(caller);
        if (count > max)
            return Problem(413, "too many commands", $"at most {max} commands per request{(caller.IsOperator ? "" : " with an account key")}, got {count}");
        return null;
    }

    private static IResult? AccountProblem(Caller caller, Command command, int line) =>
        !caller.IsOperator && (command is not WithdrawCommand w || w.Account.Value != caller.Account)
            ? Problem(403, "forbidden", $"line {line}: an account key may submit only withdraw commands for its own account \"{caller.Account}\"", line: line)
            : null;

    private static IResult BadCommand(string message, int? line)
    {
        var field = FieldName().Match(message) is { Success: true } m ? m.Groups[1].Value : null;
        return Problem(400, "invalid command", line is { } l ? $"line {l}: {message}" : message, field, line);
    }

    /// <summary>One JSON object, a JSON array of objects, or JSON lines (blank and // lines skipped) → (line, compact JSON).</summary>
    private static List<(int, string)> SplitBody(string body, string? contentType)
    {
        var trimmed = body.AsSpan().TrimStart();
        bool json = contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        if (trimmed.StartsWith("[") || (json && trimmed.StartsWith("{")))
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            }
            catch (JsonException) when (!trimmed.StartsWith("["))
            {
                return [(1, body.ReplaceLineEndings(" "))]; // let the parser name the problem
            }
            catch (JsonException e)
            {
                throw new CommandFormatException($"invalid JSON: {e.Message}");
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Array)
                {
                    var list = new List<(int, string)>();
                    int i = 0;
                    foreach (var e in doc.RootElement.EnumerateArray())
                        list.Add((++i, CompactJson(e)));
                    return list;
                }

                return [(1, CompactJson(doc.RootElement))];
            }
        }

        var items = new List<(int, string)>();
        int n = 0;
        foreach (var raw in body.Split('\n'))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (!CommandParser.IsSkippable(line))
                items.Add((n, line.Trim()));
        }

        return items;
    }

    private static string CompactJson(JsonElement e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Compact))
            e.WriteTo(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task StreamEvents(HttpContext ctx, ClearingService svc, long? since)
    {
        var c = Caller(ctx);
        string? account = c.IsOperator ? null : c.Account;
        if (since is null && long.TryParse(ctx.Request.Headers["Last-Event-ID"].ToString(), out var lastId))
            since = lastId;
        ctx.Response.Headers.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers["X-Accel-Buffering"] = "no";
        using var sub = svc.Subscribe();
        // Last-Event-ID (or since) beyond the last event (a client of another database, or of one restored to an
        // older point) means "from now": new events must not wait until the sequence catches up with the client's.
        long now = svc.Read(l => l.LastSeq);
        long sent = Math.Min(since ?? now, now);
        var ct = ctx.RequestAborted;
        try
        {
            await ctx.Response.WriteAsync(": socialloss event stream\n\n", ct);
            while (true)
            {
                var backlog = svc.EventsSince(sent, 5000, account);
                foreach (var e in backlog)
                    await WriteEvent(ctx, e, ct);
                if (backlog.Count == 0)
                    break;
                sent = backlog[^1].Seq;
                await ctx.Response.Body.FlushAsync(ct);
            }

            await ctx.Response.Body.FlushAsync(ct);
            Task<bool>? wait = null;
            while (!ct.IsCancellationRequested)
            {
                wait ??= sub.Reader.WaitToReadAsync(ct).AsTask();
                var done = await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(15), ct));
                if (done != wait)
                {
                    await ctx.Response.WriteAsync(": keep-alive\n\n", ct);
                    await ctx.Response.Body.FlushAsync(ct);
                    continue;
                }

                bool more = await wait;
                wait = null;
                if (!more)
                    break;
                while (sub.Reader.TryRead(out var e))
                {
                    if (e.Seq <= sent)
                        continue;
                    sent = e.Seq;
                    if (account is null || e.Concerns(account))
                        await WriteEvent(ctx, e, ct);
                }

                await ctx.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // client went away
        }

    }

    private static Task WriteEvent(HttpContext ctx, StoredEvent e, CancellationToken ct) =>
        ctx.Response.WriteAsync($"id: {e.Seq}\nevent: {e.Type}\ndata: {e.Json}\n\n", ct);

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + name);
        if (stream is null)
            return Results.NotFound();
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }
}
