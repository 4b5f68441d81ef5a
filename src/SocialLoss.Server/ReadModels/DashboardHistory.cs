using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Server;

/// <summary>
/// The dashboard's time series: a sample (fund, deficit, per market mark and open interest) after every live mark and
/// every change of the fund or the deficit, stamped by the injected clock; at most about 4,000 points, older ones thinned.
/// </summary>
public sealed class DashboardHistory(TimeProvider time) : IReadModel
{
    private const int MaxPoints = 4000;
    private readonly List<HistorySample> _samples = [];
    private readonly Lock _gate = new();
    private bool _due;

    /// <inheritdoc/>
    public void OnEvent(EngineEvent e, StoredEvent stored)
    {
        if (e is InsuranceFundChanged or DeficitChanged)
            _due = true;
    }

    /// <inheritdoc/>
    public void OnCommand(Command command, long position, Ledger ledger, bool live)
    {
        // A sample costs a pass over the markets' state; recovery takes evenly spaced ones itself instead (see JournalFollower).
        if (live && (_due || command is MarkCommand))
            Sample(position, ledger);
        _due = false;
    }

    /// <summary>Takes a sample of <paramref name="ledger"/> at journal <paramref name="position"/> (replacing one at the same position).</summary>
    public void Sample(long position, Ledger ledger)
    {
        var markets = new SortedDictionary<string, MarketPoint>(StringComparer.Ordinal);
        foreach (var (name, m) in ledger.Markets)
            markets[name] = new MarketPoint(m.Mark is { } mk ? m.Spec.Format(mk) : null, m.Spec.Format(m.OpenInterest));
        var sample = new HistorySample(position, time.GetUtcNow(), ledger.Insurance.Balance.ToString(), ledger.Deficit.ToString(), markets);
        lock (_gate)
        {
            if (_samples.Count > 0 && _samples[^1].Position == position)
                _samples.RemoveAt(_samples.Count - 1);
            _samples.Add(sample);
            if (_samples.Count > MaxPoints)
            {
                // thin out: keep every other point of the older half
                var keep = new List<HistorySample>(MaxPoints * 3 / 4);
                for (int i = 0; i < _samples.Count; i++)
                    if (i >= MaxPoints / 2 || i % 2 == 0)
                        keep.Add(_samples[i]);
                _samples.Clear();
                _samples.AddRange(keep);
            }
        }
    }

    /// <summary>The samples, oldest first.</summary>
    public IReadOnlyList<HistorySample> Samples()
    {
        lock (_gate)
            return [.. _samples];
    }
}
