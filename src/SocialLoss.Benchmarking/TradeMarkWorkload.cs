using SocialLoss.Core.Commands;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Benchmarking;

/// <summary>
/// The steady trade/mark workload the issue's end-to-end target names ("≥ 1,000,000 JSONL lines/s on the trade/mark
/// workload"): after a <see cref="CrashWorkload"/>'s set-up and population, a mark at the population's entry price, then
/// trades between random population accounts (nine lines in ten; 0.001–0.020 BTC within 5 ticks of the mark) and marks
/// that wander ±0.05% around it (one line in ten). No price moves far enough to liquidate anyone (the most levered
/// accounts sit about 1% from their liquidation price), so the lines measure the trade and the quiet mark, not a crash.
/// </summary>
public static class TradeMarkWorkload
{
    /// <summary>The price the population entered at and the marks wander around.</summary>
    public const decimal Start = 50_000m;

    /// <summary>The steady lines after the population: the first a mark at <see cref="Start"/>.</summary>
    public static IEnumerable<Command> Steady(int accounts, int lines, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 2);
        var rng = new Random(seed);
        var market = new MarketId(CrashWorkload.Market);
        decimal mark = Start;
        yield return new MarkCommand(market, mark);
        for (int i = 1; i < lines; i++)
        {
            if (rng.Next(10) == 0)
            {
                mark = decimal.Round(Start * (1 + 0.0005m * (decimal)(2 * rng.NextDouble() - 1)), 1);
                yield return new MarkCommand(market, mark);
                continue;
            }

            int a = rng.Next(accounts), b = rng.Next(accounts - 1);
            if (b >= a)
                b++;
            yield return new TradeCommand(market, new AccountId(CrashWorkload.AccountName(a)), new AccountId(CrashWorkload.AccountName(b)),
                mark + 0.1m * rng.Next(-5, 6), 0.001m * rng.Next(1, 21));
        }
    }
}
