using System.Globalization;
using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace SocialLoss.Storage;

/// <summary>CRC-32C (Castagnoli, hardware-accelerated where available) of a stored record: its position and its bytes.</summary>
public static class Checksum
{
    /// <summary>The checksum of record <paramref name="position"/> holding <paramref name="text"/>.</summary>
    public static uint Of(long position, string text)
    {
        // every journal line is checksummed on append: encode into a pooled buffer, not a new array per line
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            int n = Encoding.UTF8.GetBytes(text, buffer);
            return Of(position, buffer.AsSpan(0, n), []);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The checksum of record <paramref name="position"/> holding <paramref name="head"/> followed by
    /// <paramref name="tail"/> (the same as of their concatenation, without copying a large tail such as a snapshot image).
    /// </summary>
    public static uint Of(long position, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        uint crc = BitOperations.Crc32C(0xFFFFFFFFu, (ulong)position);
        crc = Add(crc, head);
        crc = Add(crc, tail);
        crc = BitOperations.Crc32C(crc, (uint)(head.Length + tail.Length));
        return ~crc;
    }

    // CRC-32C of eight bytes as one little-endian word equals that of the bytes one by one, so the split
    // between head and tail does not change the result.
    private static uint Add(uint crc, ReadOnlySpan<byte> span)
    {
        while (span.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(span));
            span = span[8..];
        }

        foreach (var b in span)
            crc = BitOperations.Crc32C(crc, b);
        return crc;
    }

    /// <summary>
    /// A snapshot's checksum, the same in every store. A checkpoint's is that of <c>hash|lastSeq</c> (as before
    /// images existed, so older databases still verify); a full snapshot's adds <c>|image|</c> and the image bytes.
    /// </summary>
    public static uint OfSnapshot(Snapshot s)
    {
        var head = $"{s.StateHash}|{s.LastSeq.ToString(CultureInfo.InvariantCulture)}";
        return s.Image is null ? Of(s.Position, head) : Of(s.Position, Encoding.UTF8.GetBytes(head + "|image|"), s.Image);
    }
}
