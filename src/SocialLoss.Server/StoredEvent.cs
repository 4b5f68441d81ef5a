namespace SocialLoss.Server;

/// <summary>An event as the service keeps it: sequence number, command position, type, its contract-v1 JSON and the accounts it concerns.</summary>
public sealed record StoredEvent(long Seq, int Cmd, string Type, string Json, IReadOnlyList<string> Accounts)
{
    /// <summary>True when an account key for <paramref name="account"/> may see this event.</summary>
    public bool Concerns(string account)
    {
        foreach (var a in Accounts)
            if (a == account)
                return true;
        return false;
    }
}
