using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Oracle;

namespace SocialLoss.Benchmarking;

/// <summary>Feeds a <see cref="CrashWorkload"/>'s set-up and population into the Core engine and the oracle the same way.</summary>
public static class WorkloadDriver
{
    /// <summary>
    /// Runs the set-up commands and seeds the population into a Core engine. With <paramref name="fillsAsTrades"/>
    /// each fill is a <c>trade</c> command (margin check and liquidation sweep included: quadratic in the population
    /// today); otherwise it is applied to the ledger as a <see cref="Traded"/> event, as a snapshot restore would.
    /// Returns the next line number.
    /// </summary>
    public static int Seed(ClearingEngine engine, CrashWorkload workload, bool fillsAsTrades, Action<int, int>? progress = null)
    {
        int line = 0;
        foreach (var c in workload.Setup)
            Expect(engine.Execute(c, ++line), c);
        var market = engine.Ledger.Market(new MarketId(CrashWorkload.Market))!;
        int done = 0;
        foreach (var f in workload.Fills)
        {
            ++line;
            if (fillsAsTrades)
                Expect(engine.Execute(Trade(f), line), Trade(f));
            else
            {
                market.Spec.TryPrice(f.Price, out var price, out _);
                market.Spec.TryQuantity(f.Quantity, out var quantity, out _);
                engine.Ledger.Apply(new Traded(market.Id, new AccountId(f.Buyer), new AccountId(f.Seller), price, quantity)
                {
                    Seq = engine.Ledger.LastSeq + 1,
                    Cmd = line,
                });
            }

            if (++done % 100_000 == 0)
                progress?.Invoke(done, workload.Fills.Count);
        }

        return line + 1;
    }

    /// <summary>The same as <see cref="Seed(ClearingEngine, CrashWorkload, bool, Action{int, int}?)"/> for the oracle.</summary>
    public static int Seed(OracleEngine engine, CrashWorkload workload, bool fillsAsTrades)
    {
        int line = 0;
        foreach (var c in workload.Setup)
            Expect(engine.Execute(c, ++line), c);
        foreach (var f in workload.Fills)
        {
            ++line;
            if (fillsAsTrades)
                Expect(engine.Execute(Trade(f), line), Trade(f));
            else
                engine.SeedFill(CrashWorkload.Market, f.Buyer, f.Seller, f.Price, f.Quantity, line);
        }

        return line + 1;
    }

    /// <summary>A seed fill as a trade command.</summary>
    public static TradeCommand Trade(SeedFill f) =>
        new(new MarketId(CrashWorkload.Market), new AccountId(f.Buyer), new AccountId(f.Seller), f.Price, f.Quantity);

    private static void Expect(IReadOnlyList<EngineEvent> events, Command c)
    {
        if (events.Count > 0 && events[0] is Rejected r)
            throw new InvalidOperationException($"workload set-up command rejected ({r.Reason}): {CrashWorkload.Jsonl(c)}");
    }
}
