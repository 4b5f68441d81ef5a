using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;

namespace SocialLoss.Server;

/// <summary>
/// Reads the body of <c>POST /commands</c>: one command object, a JSON array of them, or JSON lines. JSON lines, the hot path,
/// are parsed from their UTF-8 bytes (<see cref="CommandBody"/>); the rest as text. Either way the body is all or nothing:
/// the first bad command is a 400 problem naming its line and field, and nothing of the body is journaled.
/// </summary>
internal static class CommandRequestReader
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body's journal lines and commands, or the problem to answer with.</summary>
    public static async Task<(List<string> Lines, List<Command> Commands, IResult? Problem)> ReadAsync(HttpContext ctx, Caller caller, CommandQuota quota, ServiceOptions options)
    {
        byte[] body;
        int length;
        try
        {
            (body, length) = await ReadBodyAsync(ctx.Request, options.MaxBodyBytes, ctx.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], [], ApiResults.Problem(413, "request too large", $"the body may hold at most {options.MaxBodyBytes} bytes"));
        }

        try
        {
            bool json = ctx.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
            List<string> lines;
            List<Command> commands;
            var problem = CommandBody.IsJsonLines(body.AsSpan(0, length), json, out int start)
                ? ParseJsonLines(body.AsSpan(0, length), start, caller, quota, out lines, out commands)
                : ParseText(DecodeText(body, length), ctx.Request.ContentType, caller, quota, out lines, out commands);
            return (lines, commands, problem);
        }
        catch (DecoderFallbackException)
        {
            return ([], [], ApiResults.Problem(400, "invalid command", "the body is not valid UTF-8 text (invalid bytes are an error, never a replacement character)"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
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
                    return BadCommand(e, item.Number);
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
            return BadCommand(e, null);
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
                return BadCommand(e, line);
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
            return ApiResults.Problem(400, "invalid body", "the body holds no command (send one JSON object, a JSON array of them, or JSON lines)");
        int max = quota.MaxPerRequest(caller);
        if (count > max)
            return ApiResults.Problem(413, "too many commands", $"at most {max} commands per request{(caller.IsOperator ? "" : " with an account key")}, got {count}");
        return null;
    }

    private static IResult? AccountProblem(Caller caller, Command command, int line) =>
        !caller.IsOperator && (command is not WithdrawCommand w || w.Account.Value != caller.Account)
            ? ApiResults.Problem(403, "forbidden", $"line {line}: an account key may submit only withdraw commands for its own account \"{caller.Account}\"", line: line)
            : null;

    private static IResult BadCommand(CommandFormatException e, int? line) =>
        ApiResults.Problem(400, "invalid command", line is { } l ? $"line {l}: {e.Message}" : e.Message, e.Field, line);

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
}
