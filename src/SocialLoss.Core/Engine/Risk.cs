using SocialLoss.Core.Accounts;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Margin arithmetic of cross-margin accounts at the current marks: equity, margins, bankruptcy and
/// liquidation prices. Pure functions of the ledger; all money exact, all rounding stated.
/// </summary>
public static class Risk
{
    /// <summary>Sum of the unrealized PnL of all positions at their marks.</summary>
    public static Money UnrealizedPnl(Ledger ledger, Account account)
    {
        var sum = Money.Zero;
        foreach (var p in account.Positions)
        {
            var ms = p.Market!;
            sum += p.UnrealizedPnl(ms.Spec, ms.RequireMark());
        }

        return sum;
    }

    /// <summary>Balance plus unrealized PnL.</summary>
    public static Money Equity(Ledger ledger, Account account) => account.Balance + UnrealizedPnl(ledger, account);

    /// <summary>Maintenance margin of all positions at their marks (each rounded up to a micro-unit).</summary>
    public static Money MaintenanceMargin(Ledger ledger, Account account) => Margin(ledger, account, maintenance: true, skip: null);

    /// <summary>Initial margin of all positions at their marks (each rounded up to a micro-unit).</summary>
    public static Money InitialMargin(Ledger ledger, Account account) => Margin(ledger, account, maintenance: false, skip: null);

    /// <summary>Maintenance margin of all positions but the one in <paramref name="market"/>.</summary>
    public static Money MaintenanceMarginExcept(Ledger ledger, Account account, MarketId market) => Margin(ledger, account, maintenance: true, skip: market);

    /// <summary>Collateral that may leave the account: <c>min(balance, equity) − initial margin</c> (unrealized profit is not withdrawable).</summary>
    public static Money FreeCollateral(Ledger ledger, Account account) =>
        Money.Min(account.Balance, Equity(ledger, account)) - InitialMargin(ledger, account);

    /// <summary>True when a margined account's equity is below its maintenance margin.</summary>
    public static bool IsBelowMaintenance(Ledger ledger, Account account) =>
        !account.IsBuiltIn && account.HasPositions && Equity(ledger, account) < MaintenanceMargin(ledger, account);

    /// <summary>
    /// Equity and initial margin the account would have after a fill of <paramref name="delta"/> lots at
    /// <paramref name="price"/> in <paramref name="market"/>, valued at the marks.
    /// </summary>
    public static (Money Equity, Money InitialMargin) AfterFill(Ledger ledger, Account account, MarketState market, Quantity delta, Price price)
    {
        var mark = market.Mark ?? price;
        var spec = market.Spec;
        var equity = account.Balance + UnrealizedPnlExcept(ledger, account, market.Id);
        var current = account.PositionIn(market);
        var cost = (current?.Cost ?? Money.Zero) + spec.Value(delta, price);
        var q = (current?.Quantity ?? Quantity.Zero) + delta;
        equity += spec.Value(q, mark) - cost;
        var im = Margin(ledger, account, maintenance: false, skip: market.Id) + spec.Schedule.Initial(spec.Notional(q, mark));
        return (equity, im);
    }

    /// <summary>Unrealized PnL of all positions but the one in <paramref name="market"/>.</summary>
    public static Money UnrealizedPnlExcept(Ledger ledger, Account account, MarketId market)
    {
        var sum = Money.Zero;
        foreach (var p in account.Positions)
        {
            var ms = p.Market!;
            if (ms.Id.Value == market.Value)
                continue;
            sum += p.UnrealizedPnl(ms.Spec, ms.RequireMark());
        }

        return sum;
    }

    /// <summary>
    /// The price of <paramref name="market"/> at which the account's equity is zero, other marks fixed:
    /// <c>(cost − otherEquity) / (quantity x valuePerLotTick)</c>, rounded so that closing there leaves the
    /// account at or above zero (up for a long, down for a short, as dYdX v4 rounds), never below zero.
    /// </summary>
    public static Price BankruptcyPrice(Ledger ledger, Account account, MarketId market)
    {
        var p = account.PositionIn(market) ?? throw new InvalidOperationException("no position");
        var otherEquity = account.Balance + UnrealizedPnlExcept(ledger, account, market);
        return BankruptcyPrice(otherEquity, p.Quantity, p.Cost, ledger.Markets[market.Value].Spec);
    }

    /// <summary>Bankruptcy price from explicit values (see the overload on the ledger).</summary>
    public static Price BankruptcyPrice(Money otherEquity, Quantity quantity, Money cost, MarketSpec spec)
    {
        if (quantity.IsZero)
            return Price.Zero;
        Int128 n = (Int128)cost.Micros - otherEquity.Micros;
        Int128 d = (Int128)quantity.Lots * spec.ValuePerLotTick;
        var ticks = quantity.Lots > 0 ? FixedPoint.CeilDiv(n, d) : FixedPoint.FloorDiv(n, d);
        return new Price(ticks < 0 ? 0 : FixedPoint.ToLong(ticks));
    }

    /// <summary>
    /// The mark of <paramref name="market"/> at which equity equals maintenance margin, other marks
    /// fixed: Binance's <c>LP = (WB − TMM₁ + UPNL₁ + cum − s·Q·EP) / (Q·MMR − s·Q)</c> generalised to
    /// our cost basis and solved bracket by bracket. Rounded to a tick conservatively (up for a long,
    /// down for a short). Null when the position cannot be liquidated by this market's price alone.
    /// </summary>
    public static Price? LiquidationPrice(Ledger ledger, Account account, MarketId market)
    {
        var p = account.PositionIn(market);
        if (p is null || p.IsFlat || account.IsBuiltIn)
            return null;
        var spec = ledger.Markets[market.Value].Spec;
        var otherEquity = account.Balance + UnrealizedPnlExcept(ledger, account, market);
        var otherMm = Margin(ledger, account, maintenance: true, skip: market);
        return LiquidationPrice(otherEquity, otherMm, p.Quantity, p.Cost, spec);
    }

    /// <summary>Liquidation price from explicit values (see the overload on the ledger).</summary>
    public static Price? LiquidationPrice(Money otherEquity, Money otherMaintenance, Quantity quantity, Money cost, MarketSpec spec)
    {
        if (quantity.IsZero)
            return null;
        var schedule = spec.Schedule;
        long v = spec.ValuePerLotTick;
        long absQ = Math.Abs(quantity.Lots);
        for (int b = 0; b < schedule.BracketCount; b++)
        {
            long mmr = schedule.MaintenanceRate(b).Ppb;
            // p x v x (1e9 x q − |q| x mmr) = 1e9 x (MM_other + cost − E_other) − cum_b
            Int128 d = (Int128)v * ((Int128)Rate.Scale * quantity.Lots - (Int128)absQ * mmr);
            Int128 n = (Int128)Rate.Scale * ((Int128)otherMaintenance.Micros + cost.Micros - otherEquity.Micros)
                       - schedule.MaintenanceAmountScaled(b);
            // The root belongs to this bracket when its exact notional |q| v n / d is in (floor, cap]; checked on the
            // exact rational, before rounding, so a root just below a cap is not mistaken for the next bracket's.
            if (!InBracket(n, d, (Int128)absQ * v, schedule.Floor(b).Micros, b < schedule.BracketCount - 1 ? schedule.Cap(b).Micros : null, b == 0))
                continue;
            Int128 ticks = quantity.Lots > 0 ? FixedPoint.CeilDiv(n, d) : FixedPoint.FloorDiv(n, d);
            if (ticks <= 0)
                return null; // a long that even a zero price does not liquidate
            return ticks > long.MaxValue / 4 ? null : new Price((long)ticks);
        }

        return null;
    }

    /// <summary>Whether the exact root n/d has a notional size x n/d in (floor, cap] (from 0 inclusive in bracket 0).</summary>
    private static bool InBracket(Int128 n, Int128 d, Int128 size, long floor, long? cap, bool first)
    {
        if (d < 0)
        {
            n = -n;
            d = -d;
        }

        if (n < 0)
            return false;
        // n is typically ~1e20 (micro-units x 1e9), past 2^62, but size x n far below 2^126: decide by the operands' bit
        // lengths, not a fixed bound, so the common case stays in Int128 instead of allocating BigIntegers.
        if (BitLength(n) + BitLength(size) <= 126 && 63 + BitLength(d) <= 126)
        {
            // products below 2^126 (floor and cap are below 2^63): exact in Int128
            Int128 notionalTimesD = size * n;
            if (notionalTimesD <= (Int128)floor * d && !(first && n == 0))
                return false;
            return cap is not { } c || notionalTimesD <= (Int128)c * d;
        }

        System.Numerics.BigInteger bn = (System.Numerics.BigInteger)n, bd = (System.Numerics.BigInteger)d;
        var product = (System.Numerics.BigInteger)size * bn;
        if (product <= (System.Numerics.BigInteger)floor * bd && !(first && bn.IsZero))
            return false;
        return cap is not { } cc || product <= (System.Numerics.BigInteger)cc * bd;
    }

    /// <summary>Bits needed for a non-negative value.</summary>
    private static int BitLength(Int128 x) => 128 - (int)Int128.LeadingZeroCount(x);

    private static Money Margin(Ledger ledger, Account account, bool maintenance, MarketId? skip)
    {
        var sum = Money.Zero;
        foreach (var p in account.Positions)
        {
            var ms = p.Market!;
            if (skip is { } s && s.Value == ms.Id.Value)
                continue;
            var notional = ms.Spec.Notional(p.Quantity, ms.RequireMark());
            sum += maintenance ? ms.Spec.Schedule.Maintenance(notional) : ms.Spec.Schedule.Initial(notional);
        }

        return sum;
    }
}
