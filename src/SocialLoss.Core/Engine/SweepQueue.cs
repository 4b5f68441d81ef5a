namespace SocialLoss.Core.Engine;

/// <summary>
/// Accounts waiting to be checked for liquidation, visited in account-id order in rounds, as a full scan
/// would: an account added while the sweep is past it waits for the next round. O(log n) per account.
/// </summary>
internal sealed class SweepQueue
{
    private SortedSet<string> _current = new(StringComparer.Ordinal);
    private SortedSet<string> _next = new(StringComparer.Ordinal);
    private string? _cursor;

    /// <summary>Number of rounds started since <see cref="Clear"/>.</summary>
    public int Rounds { get; private set; }

    /// <summary>Queues an account: in this round if the sweep has not passed it yet, else in the next.</summary>
    public void Add(string account)
    {
        if (_cursor is not null && string.CompareOrdinal(account, _cursor) <= 0)
            _next.Add(account);
        else
            _current.Add(account);
    }

    /// <summary>The next account in id order, starting a new round when this one is done; false when none is left.</summary>
    public bool TryNext(out string account)
    {
        if (_current.Count == 0)
        {
            if (_next.Count == 0)
            {
                _cursor = null;
                account = "";
                return false;
            }

            (_current, _next) = (_next, _current);
            _cursor = null;
            Rounds++;
        }

        account = _current.Min!;
        _current.Remove(account);
        _cursor = account;
        return true;
    }

    /// <summary>Empties the queue (a new command).</summary>
    public void Clear()
    {
        _current.Clear();
        _next.Clear();
        _cursor = null;
        Rounds = 0;
    }
}
