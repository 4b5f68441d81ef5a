using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Pro-rata clawback of winners' profit: every margined account (not the bankrupt one, not a backstop,
/// not the built-in ones) with a positive base pays <c>h = min(1, R / U)</c> of it, where U is the sum
/// of the bases; parts by largest remainder so they sum exactly to <c>min(R, U)</c>.
/// This is OKX's 2018 "equal percentage of profit" and 58COIN's coefficient rule.
/// Sources: https://support.okexcn.com/hc/en-us/articles/115001762991 ,
/// https://58coin-support.zendesk.com/hc/en-us/articles/360015587494
/// </summary>
internal sealed class ClawbackStage : IWaterfallStage
{
    public static readonly ClawbackStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var ledger = sink.Ledger;
        var payers = new List<Account>();
        var bases = new List<long>();
        long total = 0;
        foreach (var a in ledger.Accounts.Values)
        {
            if (a.IsBuiltIn || a.IsBackstop || a.Id == bankrupt.Id)
                continue;
            var b = Base(ledger, a);
            if (!b.IsPositive)
                continue;
            payers.Add(a);
            bases.Add(b.Micros);
            total = checked(total + b.Micros);
        }

        if (total == 0)
            return Money.Zero;
        long covered = Math.Min(remaining.Micros, total);
        var parts = LargestRemainder.Split(covered, bases.ToArray());
        decimal rate = (decimal)covered / total;
        for (int i = 0; i < payers.Count; i++)
            if (parts[i] > 0)
                sink.Emit(new ClawedBack(payers[i].Id, bankrupt.Id, new Money(parts[i]), new Money(bases[i]), rate));
        return new Money(covered);
    }

    /// <summary>The clawback base of an account: its positive unrealized PnL at the marks.</summary>
    public static Money Base(Ledger ledger, Account account) =>
        Money.Max(Money.Zero, Risk.UnrealizedPnl(ledger, account));
}
