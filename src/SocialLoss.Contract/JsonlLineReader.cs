using System.Buffers;
using System.Text;

namespace SocialLoss.Contract;

/// <summary>
/// Splits a UTF-8 stream into lines as byte spans over one pooled buffer, with the line breaks of
/// <see cref="TextReader.ReadLine"/> (<c>\n</c>, <c>\r</c> or <c>\r\n</c>) and a leading UTF-8 byte-order mark skipped,
/// so line numbers and contents are those of the text path. A stream that starts with a UTF-16 or UTF-32
/// byte-order mark is not UTF-8: <see cref="IsUtf8"/> is false and <see cref="ToTextReader"/> decodes it instead.
/// </summary>
public sealed class JsonlLineReader : IDisposable
{
    /// <summary>The buffer's size unless told otherwise.</summary>
    public const int InitialSize = 64 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start, _end;
    private bool _eof;

    /// <summary>A reader over <paramref name="stream"/> (not disposed with it); the buffer grows past <paramref name="bufferSize"/> for a longer line.</summary>
    public JsonlLineReader(Stream stream, int bufferSize = InitialSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 4));
        while (_end < 4 && Fill())
        {
        }

        var head = _buffer.AsSpan(0, _end);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            _start = 3;
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
                 || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            IsUtf8 = false;
    }

    /// <summary>False when the stream starts with a UTF-16 or UTF-32 byte-order mark.</summary>
    public bool IsUtf8 { get; } = true;

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// The next line without its line break, valid until the next call; false at the end of the stream.
    /// A last line without a line break is a line; an empty stream has none.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int scanFrom = _start;
        while (true)
        {
            var pending = _buffer.AsSpan(scanFrom, _end - scanFrom);
            int i = pending.IndexOfAny((byte)'\n', (byte)'\r');
            if (i >= 0)
            {
                int at = scanFrom + i;
                if (_buffer[at] == (byte)'\r' && at + 1 == _end && !_eof)
                {
                    // A \r at the end of the buffer: whether a \n follows decides where the next line starts.
                    scanFrom = Compact(at);
                    Fill();
                    continue;
                }

                line = _buffer.AsSpan(_start, at - _start);
                _start = at + 1;
                if (_buffer[at] == (byte)'\r' && _start < _end && _buffer[_start] == (byte)'\n')
                    _start++;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    return true;
                }

                line = default;
                return false;
            }

            scanFrom = Compact(_end);
            Fill();
        }
    }

    /// <summary>The rest of the stream, buffered bytes first, as text decoded the way <see cref="StreamReader"/> detects it.</summary>
    public TextReader ToTextReader()
    {
        var rest = new MemoryStream();
        rest.Write(_buffer, _start, _end - _start);
        _stream.CopyTo(rest);
        rest.Position = 0;
        _start = _end = 0;
        _eof = true;
        return new StreamReader(rest, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Moves the unread bytes to the front (growing the buffer when one line fills it); returns where <paramref name="scanFrom"/> moved to.</summary>
    private int Compact(int scanFrom)
    {
        int unread = _end - _start;
        if (unread == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(_start, unread).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else if (_start > 0)
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);

        scanFrom -= _start;
        _start = 0;
        _end = unread;
        return scanFrom;
    }

    private bool Fill()
    {
        if (_eof)
            return false;
        if (_end == _buffer.Length)
            Compact(_end);
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
            return false;
        }

        _end += n;
        BytesRead += n;
        return true;
    }
}
