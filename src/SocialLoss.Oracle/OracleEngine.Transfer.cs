using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Oracle;

/// <summary>
/// Hyperliquid's backstop by transfer (<see cref="EngineConfig.BackstopTransferBelow"/>), naively: "if the account equity
/// drops below 2/3 of the maintenance margin" after the market orders to the book, "the liquidator vault takes over the
/// cross positions and the cross margin" (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations); a
/// negative account value is ADL's case (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/auto-deleveraging).
/// The take-over is one close-out of what is left to the first backstop, in id order, at the bankruptcy price of what
/// is left — the account ends at zero and the vault gains the equity it had — and only by a vault that stays at or
/// above its own maintenance margin after it. Also the other close prices: the previous mark for ADL, FTX's backstop price.
/// </summary>
public sealed partial class OracleEngine
{
    /// <summary>Market id → the mark before its current one (null until a mark replaced another, or a trade's first price).</summary>
    private readonly Dictionary<string, decimal?> _previousMarks = new(StringComparer.Ordinal);

    /// <summary>
    /// The vault that takes over what is left of the liquidated position, and the price, when the rule says so; null when
    /// it does not (no lots left, negative equity, equity at or above the fraction of maintenance, no vault that can).
    /// </summary>
    /// <param name="account">The liquidated account.</param>
    /// <param name="m">The market of the position.</param>
    /// <param name="side">+1 when the liquidated position is long.</param>
    /// <param name="sim">The position as the planned fills leave it.</param>
    /// <param name="simBalance">The balance as the planned fills leave it.</param>
    /// <param name="otherPnl">Unrealized PnL of the account's other positions.</param>
    /// <param name="remaining">Size left to place.</param>
    /// <param name="planned">Counterparties of the planned fills: none of them may take over.</param>
    /// <param name="liquidating">Per-wave allocation: the other accounts of the wave, whose own plans are open — none of them may take over.</param>
    private (RAccount Vault, decimal Price)? BackstopTransfer(RAccount account, RMarket m, int side, RPosition sim, decimal simBalance,
        decimal otherPnl, decimal remaining, IReadOnlyDictionary<string, decimal> planned, IReadOnlySet<string>? liquidating = null)
    {
        var below = Rate(_config.BackstopTransferBelow!.Value);
        var mark = m.Mark!.Value;
        var equity = simBalance + otherPnl + sim.Quantity * mark - sim.Cost;
        if (equity < 0 || remaining == 0)
            return null;
        var maintenance = Margin(account, maintenance: true, skip: m.Id) + MarginOf(m, Math.Abs(sim.Quantity) * mark, maintenance: true);
        if (equity >= below * maintenance)
            return null; // the book restored it: no backstop
        var price = BankruptcyPrice(m, simBalance + otherPnl, sim.Quantity, sim.Cost);
        foreach (var vault in _ordered)
        {
            if (!vault.IsBackstop || IsBuiltIn(vault.Id) || vault.IsDefaulted || vault.Id == account.Id || planned.ContainsKey(vault.Id)
                || liquidating?.Contains(vault.Id) == true)
                continue;
            // A vault the take-over would put under its own maintenance does not take it (it would be liquidated at once).
            var delta = side * remaining;
            var (after, _) = AfterFill(vault, m, delta, price);
            var q = vault.QuantityIn(m.Id) + delta;
            if (after >= Margin(vault, maintenance: true, skip: m.Id) + MarginOf(m, Math.Abs(q) * mark, maintenance: true))
                return (vault, price);
        }

        return null;
    }

    /// <summary>
    /// Why a <c>config</c>'s close prices, budgeted ADL or Hyperliquid liquidation options are invalid, in Core's order and
    /// words (<c>ClearingEngine.Configure</c>, <c>ConfigureRules</c>), or null: FTX's price is a backstop's, the previous mark
    /// an ADL's; budgeted ADL pays through the bankruptcy price; the transfer threshold is a fraction of maintenance in
    /// (0, 1]; the partial threshold is not negative and its fraction in (0, 1].
    /// </summary>
    private static Rejected? CloseRulesRejection(EngineConfig k)
    {
        string? why = k switch
        {
            { AdlPrice: ClosePrice.Ftx } => "adl.price: \"ftx\" is a backstop price; ADL closes at \"bankruptcy\" or \"mark\"",
            { BackstopPrice: ClosePrice.PreviousMark } =>
                "backstop.price: \"previous-mark\" is an ADL price; a backstop takes over at \"bankruptcy\", \"mark\" or \"ftx\"",
            { AdlRanking: AdlRankingKind.Budgeted } when k.AdlPrice != ClosePrice.Bankruptcy =>
                "adl.ranking \"budgeted\" pays the shortfall through the bankruptcy price: adl.price must be \"bankruptcy\"",
            { BackstopTransferBelow: { } below } when below.Ppb <= 0 || below.Ppb > Core.Numbers.Rate.Scale =>
                "backstop.transferBelow: must be greater than 0 and at most 1 (a fraction of maintenance margin)",
            { Partial: { } p } when p.Above.Micros < 0 => "liquidation.partialAbove: must not be negative",
            { Partial: { } p } when p.Fraction.Ppb <= 0 || p.Fraction.Ppb > Core.Numbers.Rate.Scale =>
                "liquidation.partialFraction: must be greater than 0 and at most 1",
            _ => null,
        };
        return why is null ? null : new Rejected(RejectCode.InvalidValue, why);
    }

    /// <summary>Notes the mark a new mark replaces (ADL at <c>previous-mark</c> reads it).</summary>
    private void NotePreviousMark(RMarket m) => _previousMarks[m.Id] = m.Mark;

    /// <summary>
    /// The price of an ADL fill: the mark, the mark before it (Hyperliquid closes "at the previous mark price"; the
    /// current mark until the market has had two; https://hyperliquid.gitbook.io/hyperliquid-docs/trading/auto-deleveraging),
    /// or the bankruptcy price of what is left.
    /// </summary>
    private decimal AdlPriceOf(RMarket m, decimal bankruptcy) => _config.AdlPrice switch
    {
        ClosePrice.Mark => m.Mark!.Value,
        ClosePrice.PreviousMark => _previousMarks.GetValueOrDefault(m.Id) ?? m.Mark!.Value,
        _ => bankruptcy,
    };

    /// <summary>
    /// The price at which backstops take over: the mark, FTX's price, or the bankruptcy price of what is left.
    /// FTX: ⅔ x zero price + ⅓ x mark, zero price = mark x (1 ∓ MF), MF = account value / total position notional, so
    /// <c>mark x (1 − ⅔ x side x MF)</c> on the tick grid in the liquidated account's favour (up for a long), never below
    /// zero; the mark when the account holds no notional. Source: https://help.ftx.com/hc/en-us/articles/360027668712-Liquidations
    /// </summary>
    private decimal BackstopPriceOf(RAccount account, RMarket m, int side, RPosition sim, decimal otherEquity, decimal bankruptcy)
    {
        var mark = m.Mark!.Value;
        switch (_config.BackstopPrice)
        {
            case ClosePrice.Mark:
                return mark;
            case ClosePrice.Ftx:
                var equity = otherEquity + sim.Quantity * mark - sim.Cost;
                var notional = Math.Abs(sim.Quantity) * mark; // the position as planned, the others as they are
                foreach (var (market, p) in account.Positions)
                    if (p.Quantity != 0 && market != m.Id)
                        notional += Math.Abs(p.Quantity) * _markets[market].Mark!.Value;
                if (notional == 0)
                    return mark;
                var n = mark / m.Tick * (3 * notional - 2 * side * equity);
                var ticks = side > 0 ? Exact.CeilDiv(n, 3 * notional) : Exact.FloorDiv(n, 3 * notional);
                return Math.Max(ticks, 0) * m.Tick;
            default:
                return bankruptcy;
        }
    }

    /// <summary>Checks the previous marks of a ledger rebuilt from the events against this engine's own.</summary>
    private void CheckPreviousMarks(Ledger ledger)
    {
        foreach (var m in _markets.Values)
        {
            var theirs = ledger.Market(new Core.Numbers.MarketId(m.Id))!.PreviousMark?.Ticks;
            var mine = _previousMarks.GetValueOrDefault(m.Id) is { } p ? (long?)(p / m.Tick) : null;
            if (theirs != mine)
                throw new InvalidOperationException($"{m.Id} previousMark: reference {mine} ticks, ledger rebuilt from its events {theirs}");
        }
    }
}
