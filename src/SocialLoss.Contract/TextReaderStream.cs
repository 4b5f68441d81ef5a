using System.Text;

namespace SocialLoss.Contract;

/// <summary>
/// Text read back as UTF-8 bytes: lets text inputs (a <see cref="TextReader"/>, a stream in UTF-16) go through the one
/// byte line source, <see cref="JsonlLineReader"/>, so every input is split and parsed the same way. A lone surrogate
/// becomes U+FFFD here, which no id, number or name of the contract accepts.
/// </summary>
internal sealed class TextReaderStream(TextReader reader) : Stream
{
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly char[] _chars = new char[4096];
    private byte[] _pending = new byte[Encoding.UTF8.GetMaxByteCount(4096)];
    private int _start, _end;
    private bool _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_start == _end && !_done)
        {
            int n = reader.Read(_chars, 0, _chars.Length);
            _done = n == 0;
            _start = 0;
            _end = _encoder.GetBytes(_chars, 0, n, _pending, 0, flush: _done);
        }

        int copied = Math.Min(buffer.Length, _end - _start);
        _pending.AsSpan(_start, copied).CopyTo(buffer);
        _start += copied;
        return copied;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
