using System.Buffers;

namespace SocialLoss.Contract;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over a stream through one pooled buffer: what is written goes to the stream
/// in large blocks, when the buffer fills and on <see cref="Flush"/>. Lets the event writer put bytes straight
/// where they are going, without a string or a <see cref="TextWriter"/> in between.
/// </summary>
public sealed class StreamBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int Size = 64 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _used;

    /// <summary>A writer into <paramref name="stream"/> (not disposed with it).</summary>
    public StreamBufferWriter(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(Size);
    }

    /// <summary>Bytes written so far (flushed or not).</summary>
    public long BytesWritten { get; private set; }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_used + count > _buffer.Length)
            throw new InvalidOperationException("advanced past the buffer");
        _used += count;
        BytesWritten += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(Reserve(sizeHint));

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(Reserve(sizeHint));

    /// <summary>Writes the buffered bytes to the stream and flushes it.</summary>
    public void Flush()
    {
        WriteBuffered();
        _stream.Flush();
    }

    /// <summary>Writes what is buffered (not flushing the stream) and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0)
            return;
        WriteBuffered();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Makes room for <paramref name="sizeHint"/> bytes (at least one); returns where the free space starts.</summary>
    private int Reserve(int sizeHint)
    {
        int need = Math.Max(sizeHint, 1);
        if (_buffer.Length - _used >= need)
            return _used;
        WriteBuffered();
        if (_buffer.Length < need)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(need);
        }

        return 0;
    }

    private void WriteBuffered()
    {
        if (_used == 0)
            return;
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
