using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Keeps the insurance fund from being silently insolvent. The fund takes over positions the close-out ladder could
/// not place (at the mark); when a crash carries on, those positions can cost it more than it holds. When its equity
/// (cash plus the unrealized PnL of those positions) is below zero, its positions go down the close-out ladder like
/// any account's (book, backstops, ADL; nothing takes over a fund's position in the end), and whatever equity is
/// still negative is bad debt recorded as <c>deficit</c>: money the venue owes and does not have.
/// </summary>
internal static class FundSolvency
{
    /// <summary>
    /// What the fund can pay toward bad debt: its cash, down to zero, and never beyond its equity — cash that the losses of
    /// positions it took over already owe is not the fund's to pay with. The insurance stage pays this much, so the ADL
    /// trigger (can the fund absorb the shortfall?) and the budgeted ADL (what is left after the fund) count on it too.
    /// </summary>
    public static Money Payable(Ledger ledger) =>
        Money.Max(Money.Zero, Money.Min(ledger.Insurance.Balance, Risk.Equity(ledger, ledger.Insurance)));

    /// <summary>Whether the fund's equity is below zero, so <see cref="Restore"/> would act.</summary>
    public static bool IsInsolvent(Ledger ledger) =>
        Risk.Equity(ledger, ledger.Insurance).IsNegative;

    /// <summary>Closes the insolvent fund's positions down the ladder and records the negative equity left as deficit.</summary>
    public static void Restore(IEventSink sink)
    {
        var ledger = sink.Ledger;
        var fund = ledger.Insurance;
        var markets = new List<string>();
        foreach (var (name, _) in fund.OpenPositions)
            markets.Add(name);
        foreach (var name in markets)
            CloseOutLadder.CloseOut(sink, fund, ledger.Markets[name]);
        var equity = Risk.Equity(ledger, fund);
        if (!equity.IsNegative)
            return;
        var shortfall = -equity;
        sink.Emit(new BadDebt(fund.Id, shortfall));
        sink.Emit(new DeficitChanged(shortfall, ledger.Deficit + shortfall, fund.Id));
    }
}
