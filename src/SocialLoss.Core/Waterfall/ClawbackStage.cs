using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// Clawback of winners' profit. Payers: every margined account except the bankrupt one, backstops and
/// the built-in accounts, with a positive base. The base is profit only, never principal:
/// <c>unrealized-pnl</c> = <c>min(uPnL, equity − principal)</c>, <c>period-profit</c> = lifetime profit now minus
/// at the last <c>settle</c>; so a haircut already paid lowers the base and nobody is charged twice for the same profit.
/// Methods (all exact, by <see cref="WaterFilling"/>):
/// <list type="bullet">
/// <item><c>pro-rata</c>: <c>h = min(1, R / U)</c> for everyone — OKX 2018 "equal percentage of profit", 58COIN's
/// coefficient (https://support.okexcn.com/hc/en-us/articles/115001762991 , https://58coin-support.zendesk.com/hc/en-us/articles/360015587494).</item>
/// <item><c>capped-pro-rata</c>: <c>h_i = min(η, cap)</c> (Chitra, arXiv 2512.01112, water-filling).</item>
/// <item><c>min-max</c>: minimise the largest haircut as a share of equity, each at most its base: <c>a_i = min(t x equity_i, base_i)</c>.</item>
/// <item><c>risk-aware</c>: <c>a_i = min(τ x base_i x leverage_i, cap x base_i)</c>, leverage = notional / equity (Chitra's linear RAP).</item>
/// </list>
/// </summary>
internal sealed class ClawbackStage : IWaterfallStage
{
    public static readonly ClawbackStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining) =>
        Payers(sink.Ledger, id => id == bankrupt.Id.Value).Charge(sink, bankrupt, remaining, WaterfallStageKind.Clawback);

    /// <summary>
    /// Per-wave allocation: the wave's remaining debts are pooled and spread over the winners once (no account of the
    /// wave pays), each winner's part then paid to the bankrupts in account-id order; lowers <paramref name="remaining"/>.
    /// </summary>
    public static void AbsorbWave(IEventSink sink, IReadOnlyList<Account> bankrupts, List<Money> remaining, IReadOnlySet<string> wave) =>
        Payers(sink.Ledger, wave.Contains).ChargeWave(sink, bankrupts, remaining, WaterfallStageKind.Clawback);

    /// <summary>Every account that may pay a clawback, with its weight, cap and base, in account-id order.</summary>
    private static Charges Payers(Ledger ledger, Func<string, bool> excluded)
    {
        var config = ledger.Config;
        var charges = new Charges();
        foreach (var a in ledger.Accounts.Values)
        {
            if (a.IsBuiltIn || a.IsBackstop || excluded(a.Id.Value))
                continue;
            var b = Base(ledger, a, config.ClawbackBase);
            if (!b.IsPositive)
                continue;
            var equity = Risk.Equity(ledger, a);
            long cap = config.ClawbackMethod is ClawbackMethod.CappedProRata or ClawbackMethod.RiskAware
                ? config.ClawbackCap.ApplyFloor(b).Micros
                : b.Micros;
            long weight = config.ClawbackMethod switch
            {
                ClawbackMethod.ProRata or ClawbackMethod.CappedProRata => b.Micros,
                ClawbackMethod.MinMax => Math.Max(0, equity.Micros),
                ClawbackMethod.RiskAware => RiskWeight(ledger, a, b, equity),
                _ => throw new InvalidOperationException($"unknown clawback method {config.ClawbackMethod}"),
            };
            charges.Add(a, weight, cap, b.Micros);
        }

        return charges;
    }

    /// <summary>The clawback base of an account: the profit a haircut may take, never principal.</summary>
    public static Money Base(Ledger ledger, Account account, ClawbackBase kind)
    {
        var lifetimeProfit = Risk.Equity(ledger, account) - account.Principal;
        var b = kind switch
        {
            ClawbackBase.UnrealizedPnl => Money.Min(Risk.UnrealizedPnl(ledger, account), lifetimeProfit),
            ClawbackBase.PeriodProfit => lifetimeProfit - account.ProfitAtSettle,
            _ => throw new InvalidOperationException($"unknown clawback base {kind}"),
        };
        return Money.Max(Money.Zero, b);
    }

    /// <summary>Base x effective leverage (notional / equity), in micro-units; an account with no equity weighs its notional.</summary>
    private static long RiskWeight(Ledger ledger, Account a, Money b, Money equity)
    {
        Int128 notional = 0;
        foreach (var (name, p) in a.OpenPositions)
        {
            var ms = ledger.Markets[name];
            notional += ms.Spec.Notional(p.Quantity, ms.RequireMark()).Micros;
        }

        if (!equity.IsPositive)
            return FixedPoint.ToLong(Int128.Min(notional, long.MaxValue));
        var w = (Int128)b.Micros * notional / equity.Micros;
        return FixedPoint.ToLong(Int128.Min(w, long.MaxValue / 4));
    }
}
