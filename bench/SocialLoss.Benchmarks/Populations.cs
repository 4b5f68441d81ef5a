using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;
using SocialLoss.Benchmarking;
using SocialLoss.Oracle;

namespace SocialLoss.Benchmarks;

/// <summary>Engines with a seeded population, built without the per-trade sweep (positions applied as events).</summary>
internal static class Populations
{
    public static readonly MarketId Btc = new(CrashWorkload.Market);

    /// <summary>The crash workload's population (no crash replayed): the engine and the crash commands.</summary>
    public static (ClearingEngine Engine, CrashWorkload Workload, int NextLine) Crash(int accounts, int commands = 2_000)
    {
        var w = CrashWorkload.Generate(new CrashWorkloadOptions(accounts, commands));
        var engine = new ClearingEngine();
        int line = WorkloadDriver.Seed(engine, w, fillsAsTrades: false);
        return (engine, w, line);
    }

    /// <summary>
    /// <paramref name="shorts"/> low-leverage shorts of 0.01 BTC (the ADL queue), the longs opposite them at low leverage,
    /// and one 1-BTC long at 50x that a mark of 48,500 liquidates: close-out straight to ADL, nothing in the book.
    /// </summary>
    public static ClearingEngine AdlQueue(int shorts)
    {
        var engine = new ClearingEngine();
        int line = 0;
        engine.Execute(new ConfigureCommand(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl] }), ++line);
        engine.Execute(new ListMarketCommand(Btc, 0.1m, 0.001m, Rate.Parse("0.02"), Rate.Parse("0.01"), Rate.Zero, []), ++line);
        var spec = engine.Ledger.Market(Btc)!.Spec;
        var rng = new Random(7);
        void Fill(string buyer, string seller, long lots, long ticks) =>
            engine.Ledger.Apply(new Traded(Btc, new AccountId(buyer), new AccountId(seller), new Price(ticks), new Quantity(lots))
            {
                Seq = engine.Ledger.LastSeq + 1,
                Cmd = ++line,
            });
        for (int i = 0; i < shorts; i++)
        {
            engine.Execute(new DepositCommand(new AccountId($"s{i:D7}"), Money.FromUnits(100 + rng.Next(0, 400))), ++line);
            engine.Execute(new DepositCommand(new AccountId($"l{i:D7}"), Money.FromUnits(200)), ++line);
        }

        engine.Execute(new DepositCommand(new AccountId("whale"), Money.FromUnits(1_000)), ++line);
        engine.Execute(new DepositCommand(new AccountId("whale-short"), Money.FromUnits(20_000)), ++line);
        for (int i = 0; i < shorts; i++)
            Fill($"l{i:D7}", $"s{i:D7}", 10, 500_000 + rng.Next(-5_000, 5_000)); // entries spread so the scores differ
        Fill("whale", "whale-short", 1_000, 500_000);
        _ = spec;
        return engine;
    }
}
