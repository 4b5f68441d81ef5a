using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>
/// A service database with every command acknowledged, built once through <c>socialloss serve</c>: the traders of
/// <see cref="Scenario.Traffic"/> sent one request at a time (each answered before the next), full snapshots every 40
/// commands, then <c>kill -9</c>. Kept as the crash left it (most pages still in the WAL) and after a clean close
/// (everything in the database file), for the damage tests to copy and flip bits in.
/// </summary>
public sealed class StorageDamageImages : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-damage-").FullName;

    /// <summary>The database as <c>kill -9</c> left it: <c>crash.db</c>, its <c>-wal</c> and its <c>-ack</c>.</summary>
    public string Crashed => Path.Combine(_dir, "crash.db");

    /// <summary>The same database after a clean close: everything in the file, no WAL.</summary>
    public string Closed => Path.Combine(_dir, "closed.db");

    /// <summary>An operator key stored in the database.</summary>
    public string OperatorKey { get; private set; } = "";

    /// <summary>Every acknowledged command, in journal order.</summary>
    public List<string> Acknowledged { get; } = [];

    /// <summary>The state hash of a clean replay of <see cref="Acknowledged"/>.</summary>
    public string ExpectedHash { get; private set; } = "";

    private int _copies;

    public async ValueTask InitializeAsync()
    {
        var db = Path.Combine(_dir, "service.db");
        using (var s = SqliteStore.Open(db))
            OperatorKey = ApiKeys.Create(s, ApiKeys.OperatorRole, null);
        SqliteConnection.ClearAllPools();
        await using (var server = await ServeProcess.StartAsync(db, "--snapshot-every", "40"))
        {
            using var http = server.Client(OperatorKey);
            foreach (var request in Scenario.Traffic(60))
            {
                var r = await http.PostAsync("/commands", new StringContent(string.Join('\n', request)));
                Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
                Acknowledged.AddRange(request);
            }

            await server.KillAsync(); // SIGKILL: the WAL stays as it is
        }

        foreach (var suffix in new[] { "", "-wal", "-ack" })
            File.Copy(db + suffix, Crashed + suffix);
        File.Copy(db, Closed);
        File.Copy(db + "-ack", Closed + "-ack");
        File.Copy(db + "-wal", Closed + "-wal");
        using (var store = SqliteStore.Open(Closed))
            Assert.True(store.Recovery.Clean, store.Recovery.Problem);
        SqliteConnection.ClearAllPools(); // closing checkpoints the WAL into the file and removes it
        Assert.False(File.Exists(Closed + "-wal"));
        ExpectedHash = Scenario.StateHashOfReplay(Acknowledged);
    }

    /// <summary>A fresh copy of an image (its database, WAL and watermark) to damage; returns the copy's database path.</summary>
    public string Copy(string image)
    {
        var copy = Path.Combine(_dir, $"copy{Interlocked.Increment(ref _copies)}.db");
        foreach (var suffix in new[] { "", "-wal", "-ack" })
            if (File.Exists(image + suffix))
                File.Copy(image + suffix, copy + suffix);
        return copy;
    }

    /// <summary>Flips bit <paramref name="bit"/> of byte <paramref name="offset"/> of <paramref name="file"/>.</summary>
    public static void Flip(string file, long offset, int bit = 0)
    {
        using var f = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        int b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ (1 << bit)));
    }

    /// <summary>
    /// The offsets of the WAL's valid frames: those after the 32-byte header whose salts match it (frames beyond them are
    /// left over from before the last checkpoint reset the WAL, and SQLite ignores them already).
    /// </summary>
    public static List<long> WalFrames(string wal, out int pageSize)
    {
        var bytes = File.ReadAllBytes(wal);
        pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8));
        var salts = bytes.AsSpan(16, 8).ToArray();
        var frames = new List<long>();
        for (long at = 32; at + 24 + pageSize <= bytes.Length; at += 24 + pageSize)
        {
            if (!bytes.AsSpan((int)at + 8, 8).SequenceEqual(salts))
                break;
            frames.Add(at);
        }

        return frames;
    }

    /// <summary>Where <paramref name="needle"/> occurs in <paramref name="file"/>: every offset.</summary>
    public static List<long> Find(string file, ReadOnlySpan<byte> needle)
    {
        var bytes = File.ReadAllBytes(file);
        var found = new List<long>();
        for (int at = 0, i; (i = bytes.AsSpan(at).IndexOf(needle)) >= 0; at += i + 1)
            found.Add(at + i);
        return found;
    }

    /// <summary>What a restarted service says on <c>/health</c>, and the state hash it serves.</summary>
    public async Task<(bool Fenced, string? Fault, long Position, string StateHash)> Look(ServeProcess server)
    {
        using var http = server.Client(OperatorKey);
        var health = await http.GetAsync("/health");
        using var h = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        bool fenced = h.RootElement.GetProperty("fenced").GetBoolean();
        Assert.Equal(fenced, health.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable);
        using var state = JsonDocument.Parse(await http.GetStringAsync("/state"));
        return (fenced, h.RootElement.GetProperty("fault").GetString(), h.RootElement.GetProperty("position").GetInt64(),
            state.RootElement.GetProperty("stateHash").GetString()!);
    }

    /// <summary>True when a write is refused with 503 (what a fenced service must do).</summary>
    public async Task<bool> WriteRefused(ServeProcess server)
    {
        using var http = server.Client(OperatorKey);
        var r = await http.PostAsync("/commands", new StringContent("{\"type\":\"insurance\",\"amount\":\"1\"}", Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
        return r.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
