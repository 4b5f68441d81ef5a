using Microsoft.AspNetCore.Http;

namespace SocialLoss.Server;

/// <summary>Writes the event stream as Server-Sent Events: the held events after <c>since</c> first, then each new one.</summary>
internal static class EventStream
{
    /// <summary>Serves one stream until the client goes away.</summary>
    public static async Task Serve(HttpContext ctx, ClearingService svc, long? since)
    {
        var c = ctx.Caller();
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
}
