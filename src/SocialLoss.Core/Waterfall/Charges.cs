using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// The shared step of every socializing stage: spread what is left of a loss over accounts by water-filling
/// (parts proportional to their weights, each within its cap, summing exactly), and emit one
/// <see cref="ClawedBack"/> per account charged. <c>rate</c> is covered / Σ bases.
/// </summary>
internal sealed class Charges
{
    private readonly List<Account> _accounts = [];
    private readonly List<long> _weights = [];
    private readonly List<long> _caps = [];
    private readonly List<long> _bases = [];

    /// <summary>Number of accounts that may be charged.</summary>
    public int Count => _accounts.Count;

    /// <summary>Adds an account that may pay, in account-id order (ties in the split go to the earlier).</summary>
    public void Add(Account account, long weight, long cap, long @base)
    {
        _accounts.Add(account);
        _weights.Add(weight);
        _caps.Add(cap);
        _bases.Add(@base);
    }

    /// <summary>Charges up to <paramref name="remaining"/> and returns what was covered.</summary>
    public Money Charge(IEventSink sink, Account bankrupt, Money remaining, WaterfallStageKind stage)
    {
        long total = 0;
        foreach (var b in _bases)
            total = checked(total + b);
        if (_accounts.Count == 0 || total == 0)
            return Money.Zero;
        var parts = WaterFilling.Allocate(remaining.Micros, _weights.ToArray(), _caps.ToArray());
        long covered = 0;
        foreach (var p in parts)
            covered += p;
        decimal rate = (decimal)covered / total;
        for (int i = 0; i < _accounts.Count; i++)
            if (parts[i] > 0)
                sink.Emit(new ClawedBack(_accounts[i].Id, bankrupt.Id, new Money(parts[i]), new Money(_bases[i]), rate) { Stage = stage });
        return new Money(covered);
    }

    /// <summary>
    /// Charges the pooled <paramref name="remaining"/> debts of several bankrupts in one allocation, then pays each
    /// payer's part to the bankrupts in order (a payer meets the next bankrupt only when the previous is covered);
    /// lowers <paramref name="remaining"/> by what each bankrupt received.
    /// </summary>
    public void ChargeWave(IEventSink sink, IReadOnlyList<Account> bankrupts, List<Money> remaining, WaterfallStageKind stage)
    {
        long total = 0, bases = 0;
        foreach (var x in _bases)
            bases = checked(bases + x);
        foreach (var r in remaining)
            total = checked(total + Math.Max(0, r.Micros));
        if (_accounts.Count == 0 || bases == 0 || total == 0)
            return;
        var parts = WaterFilling.Allocate(total, _weights.ToArray(), _caps.ToArray());
        long covered = 0;
        foreach (var p in parts)
            covered += p;
        decimal rate = (decimal)covered / bases;
        int b = 0;
        for (int i = 0; i < _accounts.Count; i++)
        {
            long part = parts[i];
            while (part > 0)
            {
                while (b < bankrupts.Count && remaining[b].Micros <= 0)
                    b++;
                long pay = Math.Min(part, remaining[b].Micros); // parts sum to at most the pooled debt: a bankrupt is left
                sink.Emit(new ClawedBack(_accounts[i].Id, bankrupts[b].Id, new Money(pay), new Money(_bases[i]), rate) { Stage = stage });
                remaining[b] -= new Money(pay);
                part -= pay;
            }
        }
    }
}
