using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace SocialLoss.Storage;

/// <summary>CRC-32C (Castagnoli, hardware-accelerated where available) of a journal record: its position and its bytes.</summary>
public static class Checksum
{
    /// <summary>The checksum of record <paramref name="position"/> holding <paramref name="text"/>.</summary>
    public static uint Of(long position, string text)
    {
        uint crc = BitOperations.Crc32C(0xFFFFFFFFu, (ulong)position);
        var bytes = Encoding.UTF8.GetBytes(text);
        ReadOnlySpan<byte> span = bytes;
        while (span.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(span));
            span = span[8..];
        }

        foreach (var b in span)
            crc = BitOperations.Crc32C(crc, b);
        crc = BitOperations.Crc32C(crc, (uint)bytes.Length);
        return ~crc;
    }
}
