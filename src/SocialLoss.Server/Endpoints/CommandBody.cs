using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;

namespace SocialLoss.Server;

/// <summary>
/// The JSON-lines body of <c>POST /commands</c> read as UTF-8 bytes: split at <c>\n</c> and each line parsed with
/// <see cref="Utf8CommandParser"/>, so the hot path makes no string of the body and no <see cref="System.Text.Json.JsonDocument"/>
/// per line. It decides only what it decides exactly as the text path (<see cref="CommandRequestReader"/>'s split, then
/// <see cref="CommandParser.Parse"/>) would: a line whose edges are not plain ASCII is decoded and trimmed as text,
/// and the parser itself defers every line it does not fully understand to the text parser (same errors).
/// </summary>
internal static class CommandBody
{
    // The parser interns account and market names per instance and is not thread-safe: a few pooled instances
    // serve all requests, and one that has seen many lines is dropped so made-up names cannot pile up.
    private const int RetireAfterLines = 100_000;
    private const int Pooled = 16;
    private static readonly ConcurrentQueue<Utf8CommandParser> Parsers = new();

    /// <summary>A line of the body: its 1-based number, and where its trimmed bytes lie.</summary>
    internal readonly record struct Line(int Number, int Start, int Length);

    /// <summary>
    /// True when the body is JSON lines this path reads: not a JSON array or (with a JSON content type) a JSON object,
    /// and not starting with something only the text path judges (non-ASCII). <paramref name="start"/> skips a UTF-8 BOM
    /// (the text path's reader drops it).
    /// </summary>
    public static bool IsJsonLines(ReadOnlySpan<byte> body, bool jsonContentType, out int start)
    {
        start = body.StartsWith("\uFEFF"u8) ? 3 : 0;
        if (body.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
            return false; // a UTF-32 byte order mark, which the text path's reader decodes by
        int i = start;
        while (i < body.Length && IsAsciiSpace(body[i]))
            i++;
        if (i == body.Length)
            return true;
        byte b = body[i];
        return b < 0x80 && b != (byte)'[' && !(jsonContentType && b == (byte)'{');
    }

    /// <summary>The lines to execute (blank and <c>//</c> lines skipped), numbered as the text path numbers them.</summary>
    public static List<Line> Split(ReadOnlySpan<byte> body, int start)
    {
        var lines = new List<Line>();
        int number = 0, at = start;
        while (at <= body.Length)
        {
            int end = body[at..].IndexOf((byte)'\n');
            int next = end < 0 ? body.Length + 1 : at + end + 1;
            int stop = end < 0 ? body.Length : at + end;
            number++;
            while (stop > at && body[stop - 1] == (byte)'\r')
                stop--;
            var raw = body[at..stop];
            if (!Utf8CommandParser.IsSkippable(raw))
            {
                int s = 0, e = raw.Length;
                while (s < e && IsAsciiSpace(raw[s]))
                    s++;
                while (e > s && IsAsciiSpace(raw[e - 1]))
                    e--;
                lines.Add(new Line(number, at + s, e - s));
            }

            at = next;
        }

        return lines;
    }

    /// <summary>
    /// The line's text (as journaled) and its command; throws <see cref="CommandFormatException"/> as the text path does.
    /// </summary>
    public static (string Text, Command Command) Parse(Utf8CommandParser parser, ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && (line[0] >= 0x80 || line[^1] >= 0x80))
        {
            Utf8CommandParser.CheckUtf8(line); // decoding would turn invalid bytes into U+FFFD
            // edges the text path would trim as Unicode white space (or not): decide on the text, as it does
            var text = Encoding.UTF8.GetString(line).Trim();
            return (text, CommandParser.Parse(text));
        }

        return (Encoding.UTF8.GetString(line), parser.Parse(line));
    }

    /// <summary>A parser from the pool (or a new one); give it back with <see cref="Return"/>.</summary>
    public static Utf8CommandParser Rent() => Parsers.TryDequeue(out var p) ? p : new Utf8CommandParser();

    /// <summary>Gives a parser back to the pool, unless it has seen enough lines to be retired or the pool is full.</summary>
    public static void Return(Utf8CommandParser parser)
    {
        if (parser.FastLines + parser.SlowLines < RetireAfterLines && Parsers.Count < Pooled)
            Parsers.Enqueue(parser);
    }

    // The ASCII white space of string.Trim (char.IsWhiteSpace below U+0080).
    private static bool IsAsciiSpace(byte b) => b is (byte)' ' or (>= 0x09 and <= 0x0D);
}
