using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle;

/// <summary>The clawback stage, naively: every account scanned, the split by <see cref="WaterFill"/>.</summary>
public sealed partial class OracleEngine
{
    /// <summary>
    /// Haircuts winners' profit (never the bankrupt account, backstops or built-in accounts). Base: <c>unrealized-pnl</c> =
    /// <c>min(uPnL, equity − principal)</c>, <c>period-profit</c> = profit since the last settle. Weights and caps by method:
    /// <c>pro-rata</c> base / base, <c>capped-pro-rata</c> base / cap x base, <c>min-max</c> equity / base,
    /// <c>risk-aware</c> base x notional / equity (notional without equity) / cap x base.
    /// </summary>
    private decimal Clawback(RAccount bankrupt, decimal remaining)
    {
        var (payers, bases, weights, caps) = ClawbackPayers(id => id == bankrupt.Id);
        decimal total = bases.Sum();
        if (total == 0)
            return 0;
        var parts = WaterFill(remaining / Exact.Micro, weights, caps).Select(p => p * Exact.Micro).ToList();
        decimal covered = parts.Sum();
        for (int i = 0; i < payers.Count; i++)
            if (parts[i] > 0)
            {
                Emit(new ClawedBack(new AccountId(payers[i].Id), new AccountId(bankrupt.Id), MoneyOf(parts[i]), MoneyOf(bases[i]),
                    decimal.Truncate(covered * 1_000_000m) / decimal.Truncate(total * 1_000_000m)));
                payers[i].Balance -= parts[i];
                bankrupt.Balance += parts[i];
            }

        return covered;
    }

    /// <summary>Every account that may pay a clawback (none for which <paramref name="excluded"/> holds), in id order, with its base, weight and cap (micro-units).</summary>
    private (List<RAccount> Payers, List<decimal> Bases, List<decimal> Weights, List<decimal> Caps) ClawbackPayers(Func<string, bool> excluded)
    {
        var payers = new List<RAccount>();
        var bases = new List<decimal>();
        var weights = new List<decimal>();
        var caps = new List<decimal>();
        var method = _config.ClawbackMethod;
        foreach (var a in _ordered)
        {
            if (IsBuiltIn(a.Id) || a.IsBackstop || excluded(a.Id))
                continue;
            var equity = Equity(a);
            var b = Math.Max(0m, _config.ClawbackBase == ClawbackBase.PeriodProfit
                ? equity - a.Principal - a.ProfitAtSettle
                : Math.Min(equity - a.Balance, equity - a.Principal));
            if (b <= 0)
                continue;
            decimal micros = b / Exact.Micro;
            decimal capped = Exact.FloorDiv(micros * _config.ClawbackCap.Ppb, Core.Numbers.Rate.Scale);
            payers.Add(a);
            bases.Add(b);
            caps.Add(method is ClawbackMethod.CappedProRata or ClawbackMethod.RiskAware ? capped : micros);
            weights.Add(method switch
            {
                ClawbackMethod.MinMax => Math.Max(0m, equity) / Exact.Micro,
                ClawbackMethod.RiskAware => equity <= 0 ? Notional(a) / Exact.Micro : Exact.FloorDiv(b * Notional(a), equity * Exact.Micro),
                _ => micros,
            });
        }

        return (payers, bases, weights, caps);
    }

    /// <summary>Σ |quantity| x mark over the account's open positions.</summary>
    private decimal Notional(RAccount a)
    {
        decimal sum = 0;
        foreach (var (market, p) in a.Positions)
            if (p.Quantity != 0)
                sum += Math.Abs(p.Quantity) * _markets[market].Mark!.Value;
        return sum;
    }
}
