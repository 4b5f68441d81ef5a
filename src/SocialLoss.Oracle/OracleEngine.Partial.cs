using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle;

/// <summary>
/// Hyperliquid's partial liquidation (<see cref="EngineConfig.Partial"/>), naively: a position whose notional at mark is
/// above the threshold sends only a fraction of itself (rounded up to a whole lot) to the book; for the cooldown after
/// that, by command time, a further liquidation takes the whole position down the ladder. The last partial liquidation
/// of each account in each market is kept here, by name, and compared with Core's ledger image in <see cref="ToLedger"/>.
/// Source: https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations ("for positions with notional above
/// 100k USDC, only 20% of the position is sent as a market liquidation order"; 30 s cooldown).
/// </summary>
public sealed partial class OracleEngine
{
    /// <summary>Account id → market id → command time of its last partial liquidation there (never forgotten, as in the ledger image).</summary>
    private readonly Dictionary<string, SortedDictionary<string, Timestamp>> _partialLiquidations = new(StringComparer.Ordinal);

    /// <summary>
    /// Liquidates a fraction of the account's position in <paramref name="m"/> through the book when the rule applies,
    /// and returns true; false when the whole position goes down the ladder instead: no rule, no command time (the
    /// cooldown cannot be told), notional at or below the threshold, within the cooldown, a fraction that is the whole
    /// position, or a book that takes nothing. What the book does not take stays with the account.
    /// </summary>
    private bool TryPartialLiquidation(RAccount account, RMarket m)
    {
        if (_config.Partial is not { } rule || _time is not { } now)
            return false;
        var position = account.Position(m.Id);
        var quantity = position.Quantity;
        var mark = m.Mark!.Value;
        if (Math.Abs(quantity) * mark <= Units(rule.Above))
            return false;
        // the cooldown is the user's (Hyperliquid: "any position of a user"), from the block after the partial liquidation;
        // the same position's own partial liquidation counts at once
        if (_partialLiquidations.TryGetValue(account.Id, out var byMarket)
            && byMarket.Any(x => now.UnixMicroseconds - x.Value.UnixMicroseconds < rule.CooldownSeconds * Timestamp.MicrosPerSecond
                                 && (now.UnixMicroseconds > x.Value.UnixMicroseconds || x.Key == m.Id)))
            return false;
        var size = Math.Abs(quantity) / m.Lot;
        var part = Exact.CeilDiv(size * rule.Fraction.Ppb, Core.Numbers.Rate.Scale); // lots, rounded up to a whole lot
        if (part >= size)
            return false;

        // Planned on a copy: the book's levels, best first, until the part is placed; the fee on what the book took,
        // capped by the equity left with the rest of the position still open at mark.
        var plan = NewPlan(account, m, NoWave, Math.Sign(quantity) * part * m.Lot); // OracleEngine.CloseOut.cs
        PlanBook(plan);
        if (plan.Fills.Count == 0)
            return false;
        var fee = plan.PlannedFee(0, mark);
        EmitPlan(plan, announce: fee, charge: fee);
        // A liquidated event smaller than the position starts the cooldown (as Core's ledger applies it).
        if (!_partialLiquidations.TryGetValue(account.Id, out byMarket))
            _partialLiquidations.Add(account.Id, byMarket = new SortedDictionary<string, Timestamp>(StringComparer.Ordinal));
        byMarket[m.Id] = now;

        return true;
    }

    /// <summary>
    /// Closes every open position of a liquidated account — a fraction of the large ones when <see cref="EngineConfig.Partial"/>
    /// applies, the rest down the ladder — then hands its surplus to the fund (<c>closeoutSurplus: "fund"</c>) and pays what
    /// it owes down the waterfall, unless a partial liquidation left a position open: its balance is not a debt yet, and the
    /// sweep checks the account again (Core's <c>LiquidationSweep.Liquidate</c>).
    /// </summary>
    private void LiquidatePositions(RAccount a)
    {
        foreach (var market in a.OpenMarkets().ToList())
            if (!TryPartialLiquidation(a, _markets[market]))
                CloseOut(a, _markets[market]);
        if (a.HasPositions)
            return;
        PaySurplus(a);
        Waterfall(a);
    }

    /// <summary>Checks the partial-liquidation cooldowns of a ledger rebuilt from the events against this engine's own.</summary>
    private void CheckPartialLiquidations(LedgerImage image)
    {
        foreach (var la in image.Accounts)
        {
            var theirs = la.PartialLiquidations.Select(p => (p.Market.Value, p.At)).ToList();
            var mine = _partialLiquidations.TryGetValue(la.Id.Value, out var byMarket)
                ? byMarket.Select(kv => (kv.Key, kv.Value)).ToList()
                : [];
            if (!theirs.SequenceEqual(mine))
                throw new InvalidOperationException($"{la.Id} partialLiquidations: reference [{string.Join(", ", mine)}], ledger rebuilt from its events [{string.Join(", ", theirs)}]");
        }
    }
}
