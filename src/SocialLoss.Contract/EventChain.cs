using System.Security.Cryptography;
using System.Text;

namespace SocialLoss.Contract;

/// <summary>
/// The running hash of an event file: <c>link(n) = SHA-256(link(n−1) ‖ line n)</c>, from 32 zero bytes, over each
/// event line's bytes as written without its own <c>chain</c> field. <c>replay</c> ends every event line with
/// <c>"chain"</c> = the first 16 bytes of the link in hex, and the state file carries the last link in full, so
/// <c>verify</c> finds the first line whose bytes were changed, removed or inserted and names it. It proves the
/// file is the one the replay wrote, not who wrote it: anyone can recompute a chain (sign the state hash for that).
/// </summary>
public sealed class EventChain
{
    /// <summary>Hex characters of the link each event line carries.</summary>
    public const int TagLength = 32;

    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes(",\"chain\":\"");
    private readonly byte[] _link = new byte[32];
    private readonly byte[] _scratch = new byte[32 + 1024];

    /// <summary>Event lines linked so far.</summary>
    public long Count { get; private set; }

    /// <summary>The last link in full (64 hex characters); zeros before the first line.</summary>
    public string Digest => Convert.ToHexStringLower(_link);

    /// <summary>Links one event line (its bytes without the chain field and without the line break); returns its tag.</summary>
    public string Next(ReadOnlySpan<byte> line)
    {
        var input = line.Length + 32 <= _scratch.Length ? _scratch.AsSpan(0, line.Length + 32) : new byte[line.Length + 32];
        _link.CopyTo(input);
        line.CopyTo(input[32..]);
        SHA256.HashData(input, _link);
        Count++;
        return Convert.ToHexStringLower(_link.AsSpan(0, TagLength / 2));
    }

    /// <summary>
    /// Splits an event line into its body (the line as it was before the chain field was added) and the tag it
    /// carries; false when the line ends without one.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, out int bodyLength, out string tag)
    {
        // ...,"chain":"<32 hex>"}  ->  body = ...}
        int tail = Prefix.Length + TagLength + 2;
        bodyLength = line.Length;
        tag = "";
        if (line.Length < tail + 1 || line[^1] != (byte)'}' || line[^2] != (byte)'"' || !line[^tail..].StartsWith(Prefix))
            return false;
        var hex = line[(line.Length - TagLength - 2)..^2];
        foreach (var b in hex)
            if (!char.IsAsciiHexDigitLower((char)b))
                return false;
        tag = Encoding.ASCII.GetString(hex);
        bodyLength = line.Length - tail + 1; // keeps the closing brace, which the body is read with
        return true;
    }

    /// <summary>The body of a line split by <see cref="TrySplit"/>: its bytes up to the chain field, closed again.</summary>
    public static byte[] Body(ReadOnlySpan<byte> line, int bodyLength)
    {
        var body = new byte[bodyLength];
        line[..(bodyLength - 1)].CopyTo(body);
        body[^1] = (byte)'}';
        return body;
    }

    /// <summary>Writes <paramref name="line"/> (an event object, no line break) with its chain field, then a line break.</summary>
    public void WriteLine(ReadOnlySpan<byte> line, Stream output)
    {
        var tag = Next(line);
        output.Write(line[..^1]);
        output.Write(Prefix);
        Span<byte> end = stackalloc byte[TagLength + 3];
        Encoding.ASCII.GetBytes(tag, end);
        end[TagLength] = (byte)'"';
        end[TagLength + 1] = (byte)'}';
        end[TagLength + 2] = (byte)'\n';
        output.Write(end);
    }
}
