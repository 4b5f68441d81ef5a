using CsCheck;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>
/// Properties of per-wave pooled allocation over random crashes: 1–6 losers long with thin margins, 1–6 winners
/// short, one mark that bankrupts the losers at once, under a random clawback method or ADL ranking.
/// </summary>
public sealed class WaveAllocationPropertyTest
{
    internal sealed record Crash(long[] LoserMargins, long[] LoserLots, long[] WinnerDeposits, long[] WinnerLots, int Drop, int Policy, int CapPercent, long Fund);

    private static readonly Gen<Crash> GenCrash =
        from losers in Gen.Int[1, 6]
        from winners in Gen.Int[1, 6]
        from lm in Gen.Long[50, 400].Array[losers]
        from ll in Gen.Long[1, 40].Array[losers]
        from wd in Gen.Long[200, 20_000].Array[winners]
        from wl in Gen.Long[1, 40].Array[winners]
        from drop in Gen.Int[6, 40]
        from policy in Gen.Int[0, 7]
        from cap in Gen.Int[5, 100]
        from fund in Gen.Long[0, 300]
        select new Crash(lm, ll, wd, wl, drop, policy, cap, fund);

    private static EngineConfig PolicyOf(Crash c) => c.Policy switch
    {
        < 4 => EngineConfig.Default with
        {
            CloseOut = [CloseOutStage.Book],
            Waterfall = [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback],
            ClawbackMethod = (ClawbackMethod)(c.Policy + 1),
            ClawbackCap = new Rate(c.CapPercent * 10_000_000L),
            Allocation = AllocationScope.PerWave,
        },
        _ => EngineConfig.Default with
        {
            CloseOut = [CloseOutStage.Adl],
            AdlRanking = c.Policy switch { 4 => AdlRankingKind.Fair, 5 => AdlRankingKind.Leverage, 6 => AdlRankingKind.Budgeted, _ => AdlRankingKind.Size },
            Allocation = AllocationScope.PerWave,
        },
    };

    /// <summary>Runs the crash with the losers named so that their id order is as given or reversed; returns the events of the mark.</summary>
    private static (Scenario Scenario, IReadOnlyList<EngineEvent> Events) Run(Crash c, bool reversed)
    {
        var s = new Scenario().Config(PolicyOf(c)).Market("P", "1", "1", "0.01", "0.005");
        if (c.Fund > 0)
            s.Insurance(c.Fund.ToString());
        int n = c.LoserLots.Length;
        for (int i = 0; i < c.WinnerLots.Length; i++)
            s.Deposit($"w{i}", (c.WinnerDeposits[i] + 20 * c.WinnerLots[i]).ToString()).Trade("P", "market", $"w{i}", "1000", c.WinnerLots[i].ToString());
        for (int i = 0; i < n; i++)
        {
            var id = $"l{(reversed ? n - 1 - i : i)}";
            // margin per lot at least the 1% initial margin of 1,000
            s.Deposit(id, (c.LoserMargins[i] * c.LoserLots[i] / 10 + 10 * c.LoserLots[i]).ToString()).Trade("P", id, "market", "1000", c.LoserLots[i].ToString());
        }

        var events = s.Mark("P", (1000 - c.Drop * 10).ToString());
        return (s, events);
    }

    /// <summary>Pooled allocations sum exactly to the pooled shortfall they cover: bad debt = fund + clawbacks + deficit, to the micro-unit.</summary>
    [Fact]
    public void PooledDebt_IsCoveredExactly()
    {
        GenCrash.Sample(c =>
        {
            var (_, events) = Run(c, reversed: false);
            long debt = events.OfType<BadDebt>().Sum(b => b.Amount.Micros);
            long fund = -events.OfType<InsuranceFundChanged>().Where(f => f.Reason == FundReason.BadDebt).Sum(f => f.Change.Micros);
            long clawed = events.OfType<ClawedBack>().Sum(x => x.Amount.Micros);
            long deficit = events.OfType<DeficitChanged>().Sum(x => x.Change.Micros);
            Assert.Equal(debt, fund + clawed + deficit);
            // per bankrupt too: each debt is paid exactly, no bankrupt receives more than it owed
            foreach (var b in events.OfType<BadDebt>())
            {
                long paid = -events.OfType<InsuranceFundChanged>().Where(f => f.Reason == FundReason.BadDebt && f.Account == b.Account).Sum(f => f.Change.Micros)
                            + events.OfType<ClawedBack>().Where(x => x.Bankrupt == b.Account).Sum(x => x.Amount.Micros)
                            + events.OfType<DeficitChanged>().Where(x => x.Account == b.Account).Sum(x => x.Change.Micros);
                Assert.Equal(b.Amount.Micros, paid);
            }
        }, iter: 300);
    }

    /// <summary>No winner is charged beyond its base (beyond cap x base for the capped methods) over the whole wave.</summary>
    [Fact]
    public void NoWinner_ChargedBeyondItsBase()
    {
        GenCrash.Sample(c =>
        {
            var (_, events) = Run(c, reversed: false);
            foreach (var g in events.OfType<ClawedBack>().GroupBy(x => x.Account))
            {
                long @base = g.First().Base.Micros;
                Assert.All(g, x => Assert.Equal(@base, x.Base.Micros)); // one allocation per wave: one base
                long limit = (ClawbackMethod)(c.Policy + 1) is ClawbackMethod.CappedProRata or ClawbackMethod.RiskAware
                    ? new Rate(c.CapPercent * 10_000_000L).ApplyFloor(new Money(@base)).Micros
                    : @base;
                Assert.True(g.Sum(x => x.Amount.Micros) <= limit, $"{g.Key} charged {g.Sum(x => x.Amount.Micros)} beyond {limit}");
            }

            // ADL: no winner gives up more lots than it held, and the budgeted ADL never more than its profit pays for
            foreach (var g in events.OfType<Deleveraged>().GroupBy(x => x.Account.Value))
                Assert.True(g.Sum(d => d.Quantity.Lots) <= c.WinnerLots[int.Parse(g.Key[1..])]);
        }, iter: 300);
    }

    /// <summary>Per-wave results do not depend on the order of the bankruptcies within the sweep: renaming the losers so their id order reverses leaves every winner's total unchanged.</summary>
    [Fact]
    public void WinnersTotals_IndependentOfTheOrderOfBankruptcies()
    {
        GenCrash.Sample(c =>
        {
            Assert.Equal(Totals(Run(c, reversed: false).Events), Totals(Run(c, reversed: true).Events));
        }, iter: 300);

        static SortedDictionary<string, (long Clawed, long Lots)> Totals(IReadOnlyList<EngineEvent> events)
        {
            var t = new SortedDictionary<string, (long, long)>(StringComparer.Ordinal);
            foreach (var x in events.OfType<ClawedBack>())
                t[x.Account.Value] = (t.GetValueOrDefault(x.Account.Value).Item1 + x.Amount.Micros, t.GetValueOrDefault(x.Account.Value).Item2);
            foreach (var d in events.OfType<Deleveraged>())
                t[d.Account.Value] = (t.GetValueOrDefault(d.Account.Value).Item1, t.GetValueOrDefault(d.Account.Value).Item2 + d.Quantity.Lots);
            return t;
        }
    }
}
