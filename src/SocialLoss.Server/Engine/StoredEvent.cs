using System.Text;

namespace SocialLoss.Server;

/// <summary>
/// An event as the service keeps it: sequence number, command position, type, its contract-v1 JSON and the accounts it concerns.
/// The JSON is kept as UTF-8 bytes, as it is written to the wire: formatted once, half the memory of a string (the service holds
/// every event), and copied into answers without a conversion.
/// </summary>
public sealed class StoredEvent(long seq, int cmd, string type, byte[] utf8, IReadOnlyList<string> accounts)
{
    private readonly byte[] _utf8 = utf8;

    /// <summary>The event's sequence number.</summary>
    public long Seq { get; } = seq;

    /// <summary>The journal position of the command that produced it.</summary>
    public int Cmd { get; } = cmd;

    /// <summary>The type name on the wire.</summary>
    public string Type { get; } = type;

    /// <summary>The contract-v1 JSON (one line, no newline) as UTF-8.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>The contract-v1 JSON (one line, no newline); decoded on each call.</summary>
    public string Json => Encoding.UTF8.GetString(_utf8);

    /// <summary>The accounts the event concerns.</summary>
    public IReadOnlyList<string> Accounts { get; } = accounts;

    /// <summary>True when an account key for <paramref name="account"/> may see this event.</summary>
    public bool Concerns(string account)
    {
        foreach (var a in Accounts)
            if (a == account)
                return true;
        return false;
    }
}
