namespace SocialLoss.Contract;

/// <summary>
/// A write-only stream in front of an event file: every complete event line written through it leaves with its
/// <see cref="EventChain"/> field added, so the replay loops and the event writer stay as they are.
/// </summary>
public sealed class ChainingStream : Stream
{
    private readonly Stream _inner;
    private byte[] _pending = new byte[64 * 1024];
    private int _length;

    /// <summary>Chains the lines written to <paramref name="inner"/> (buffered here; never disposed by this stream).</summary>
    public ChainingStream(Stream inner) => _inner = new BufferedStream(inner, 64 * 1024);

    /// <summary>The chain of the lines written so far.</summary>
    public EventChain Chain { get; } = new();

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int nl = buffer.IndexOf((byte)'\n');
            var part = nl < 0 ? buffer : buffer[..nl];
            if (_length + part.Length > _pending.Length)
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _length + part.Length));
            part.CopyTo(_pending.AsSpan(_length));
            _length += part.Length;
            if (nl < 0)
                return;
            var line = _pending.AsSpan(0, _length);
            if (line.Length > 0 && line[^1] == (byte)'}')
                Chain.WriteLine(line, _inner);
            else
            {
                _inner.Write(line); // not an event object: passed on as it is
                _inner.WriteByte((byte)'\n');
            }

            _length = 0;
            buffer = buffer[(nl + 1)..];
        }
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Flushes the complete lines; a line still being written waits for its line break.</summary>
    public override void Flush() => _inner.Flush();

    /// <summary>Writes what is left (a last line without its break is not an event line: passed on unchained) and flushes.</summary>
    public void Finish()
    {
        if (_length > 0)
        {
            _inner.Write(_pending.AsSpan(0, _length));
            _length = 0;
        }

        _inner.Flush();
    }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
