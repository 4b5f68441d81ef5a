using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace SocialLoss.Storage;

/// <summary>
/// An independent record of what a SQLite journal acknowledged: a small side file (<c>DB-ack</c>) rewritten and
/// fsynced after every durable group commit, before any request of it is answered. SQLite drops every WAL frame
/// from the first damaged one on (its frame checksums are cumulative) and then opens a shorter database without
/// complaint, and the journal's own per-record checksums cannot see records that are simply gone; this file can,
/// because it is not in the WAL. The file holds two 32-byte slots written in turn, each with its own CRC-32C and a
/// write counter, so a write torn by a crash spoils at most the slot being written and the other still holds the
/// previous watermark.
/// </summary>
public sealed class AcknowledgedWatermark : IDisposable
{
    private const int SlotSize = 32;
    private const uint Magic = 0x4B414C53; // "SLAK" little-endian
    private SafeFileHandle? _handle;
    private ulong _writes;

    private AcknowledgedWatermark(string path) => Path = path;

    /// <summary>The side file's path.</summary>
    public string Path { get; }

    /// <summary>The side file of the SQLite database at <paramref name="databasePath"/>: the same path with <c>-ack</c> appended.</summary>
    public static AcknowledgedWatermark For(string databasePath) => new(databasePath + "-ack");

    /// <summary>
    /// What the file says: the last acknowledged record, or null when there is no file (a new database, one from before
    /// the watermark existed, or one an operator accepted as it is by moving the file aside). Throws
    /// <see cref="StorageException"/> when the file exists but neither slot checks out: then what was acknowledged is unknown.
    /// </summary>
    public Acknowledged? Read()
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(Path))
                return null;
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"acknowledged watermark {Path}: cannot be read ({e.Message})", e);
        }

        if (bytes.Length == 0)
            return null; // created, and the process died before the first write finished: nothing was acknowledged through it
        Acknowledged? best = null;
        ulong bestWrite = 0;
        for (int slot = 0; slot * SlotSize + SlotSize <= bytes.Length && slot < 2; slot++)
        {
            if (Decode(bytes.AsSpan(slot * SlotSize, SlotSize)) is { } found && (best is null || found.Write > bestWrite))
                (best, bestWrite) = (found.Mark, found.Write);
        }

        if (best is null)
            throw new StorageException($"acknowledged watermark {Path}: damaged (no slot's checksum holds), so what was acknowledged is unknown");
        _writes = bestWrite;
        return best;
    }

    /// <summary>
    /// Records <paramref name="mark"/> as the last acknowledged record and returns once it is on disk (written into the
    /// slot not holding the previous mark, then fsynced). Throws <see cref="StorageException"/> when it cannot.
    /// </summary>
    public void Record(Acknowledged mark)
    {
        Span<byte> slot = stackalloc byte[SlotSize];
        ulong write = _writes + 1;
        BinaryPrimitives.WriteUInt32LittleEndian(slot, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(slot[4..], mark.Position);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[12..], mark.Crc);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[16..], write);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[24..], SlotChecksum(slot));
        try
        {
            // kept open: reopening costs a path lookup per commit; the file is tiny, so one fsync covers it. A new file's
            // directory entry is not fsynced (.NET cannot open a directory): a power cut right after a database is created
            // can lose the file, which then reads as "no watermark" and the checks fall back to the journal alone.
            _handle ??= File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.Write(_handle, slot, (long)(write % 2) * SlotSize);
            RandomAccess.FlushToDisk(_handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"acknowledged watermark {Path} not written: {e.Message}", e);
        }

        _writes = write;
    }

    private static (Acknowledged Mark, ulong Write)? Decode(ReadOnlySpan<byte> slot)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(slot) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(slot[24..]) != SlotChecksum(slot))
            return null;
        long position = BinaryPrimitives.ReadInt64LittleEndian(slot[4..]);
        if (position < 0)
            return null;
        return (new Acknowledged(position, BinaryPrimitives.ReadUInt32LittleEndian(slot[12..])), BinaryPrimitives.ReadUInt64LittleEndian(slot[16..]));
    }

    private static uint SlotChecksum(ReadOnlySpan<byte> slot) => Checksum.Of(0, slot[..24], []);

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _handle?.Dispose();
        _handle = null;
    }
}
