namespace SocialLoss.Storage;

/// <summary>
/// The last journal record a store acknowledged: its position and the CRC-32C stored with it (which also tells a
/// different database apart from the one that acknowledged it).
/// </summary>
/// <param name="Position">The last acknowledged journal position (0: nothing yet).</param>
/// <param name="Crc">The stored checksum of the record at <paramref name="Position"/> (0 when the position is 0).</param>
public readonly record struct Acknowledged(long Position, uint Crc);
