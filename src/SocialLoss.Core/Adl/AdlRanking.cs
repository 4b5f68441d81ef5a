using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Adl;

/// <summary>The published ADL rankings, as scores of one position (higher = deleveraged first).</summary>
public static class AdlRanking
{
    /// <summary>Scores a position of <paramref name="account"/> in <paramref name="market"/> under a ranking.</summary>
    public static AdlScore Score(AdlRankingKind kind, Ledger ledger, Account account, MarketId market) =>
        Score(kind, ledger, account, ledger.Markets[market.Value], account.PositionIn(market)!);

    /// <summary>
    /// Scores <paramref name="p"/>, the account's position in <paramref name="ms"/>: the queue cache scores every holder of
    /// a side after each liquidating mark, and finding the market and the position by name was a third of a score.
    /// </summary>
    internal static AdlScore Score(AdlRankingKind kind, Ledger ledger, Account account, Markets.MarketState ms, Position p)
    {
        var mark = ms.RequireMark();
        decimal upnl = ToUnits(p.UnrealizedPnl(ms.Spec, mark));
        decimal notional = ToUnits(ms.Spec.Notional(p.Quantity, mark));
        decimal cost = ToUnits(p.Cost);
        switch (kind)
        {
            case AdlRankingKind.Bitmex:
                return Bitmex(upnl, cost, notional, ToUnits(Risk.Equity(ledger, account)));
            case AdlRankingKind.Binance:
                return Binance(upnl, ToUnits(account.Balance), ToUnits(Risk.MaintenanceMargin(ledger, account)), ToUnits(Risk.Equity(ledger, account)));
            case AdlRankingKind.Hyperliquid:
                return Hyperliquid(ToUnits(ms.Spec.Value(p.Quantity, mark)), cost, notional, ToUnits(Risk.Equity(ledger, account)));
            case AdlRankingKind.Size:
                return AdlScore.Of(notional);
            case AdlRankingKind.Fair:
                return AdlScore.Of(upnl); // for the indicator: fair ADL takes more lots from bigger profits
            case AdlRankingKind.Dydx:
                return AdlScore.Of(0); // the walk order is set by AdlQueue from the seed
            case AdlRankingKind.Leverage:
                return Leverage(notional, ToUnits(Risk.Equity(ledger, account)));
            case AdlRankingKind.Budgeted:
                return upnl > 0 ? AdlScore.Of(ToUnits(Risk.Equity(ledger, account))) : AdlScore.Of(0); // lots go in proportion to winners' equity
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>
    /// BitMEX: <c>PnL% x EffLev</c> when <c>PnL% &gt; 0</c>, else <c>PnL% / EffLev</c>, with
    /// <c>PnL% = (MarkValue − EntryValue) / |EntryValue|</c> and <c>EffLev = |MarkValue| / (MarkValue − BankruptValue)</c>.
    /// For a cross account <c>MarkValue − BankruptValue</c> is the account's equity.
    /// Source: https://www.bitmex.com/app/autoDeleveraging
    /// </summary>
    public static AdlScore Bitmex(decimal upnl, decimal cost, decimal notional, decimal equity)
    {
        decimal pnlPct = cost == 0 ? 0 : upnl / Math.Abs(cost);
        if (equity <= 0)
            return pnlPct > 0 ? AdlScore.PositiveInfinity : AdlScore.Of(0);
        if (notional == 0)
            return AdlScore.Of(0);
        decimal effLev = notional / equity;
        return AdlScore.Of(pnlPct > 0 ? pnlPct * effLev : pnlPct / effLev);
    }

    /// <summary>
    /// Binance: <c>max(0, uPnL) / max(1, WalletBalance) x MaintMargin / (WalletBalance + uPnL)</c>
    /// (margin ratio 0 when the denominator is not positive).
    /// Source: https://www.binance.com/en/support/faq/360033525471
    /// </summary>
    public static AdlScore Binance(decimal upnl, decimal walletBalance, decimal maintenance, decimal equity)
    {
        decimal pnlPct = Math.Max(0, upnl) / Math.Max(1, walletBalance);
        decimal marginRatio = equity <= 0 ? 0 : maintenance / equity;
        return AdlScore.Of(pnlPct * marginRatio);
    }

    /// <summary>
    /// Hyperliquid: <c>(mark / entry) x (notional / account value)</c>. The docs give one formula for
    /// "users in profit"; read literally it would rank a short's profit backwards (mark below entry
    /// makes the ratio smaller), so for shorts we use <c>entry / mark</c>, the profit ratio. A
    /// non-positive account value ranks first.
    /// Source: https://hyperliquid.gitbook.io/hyperliquid-docs/trading/auto-deleveraging
    /// </summary>
    public static AdlScore Hyperliquid(decimal markValue, decimal cost, decimal notional, decimal accountValue)
    {
        if (accountValue <= 0)
            return AdlScore.PositiveInfinity;
        if (cost == 0 || markValue == 0)
            return AdlScore.Of(0);
        decimal ratio = markValue > 0 ? markValue / cost : cost / markValue;
        return AdlScore.Of(ratio * (notional / accountValue));
    }

    /// <summary>
    /// Leverage water-filling (arXiv 2603.15963): notional at mark / account equity, cut highest first; no positive
    /// equity ranks first.
    /// </summary>
    public static AdlScore Leverage(decimal notional, decimal equity) =>
        equity <= 0 ? AdlScore.PositiveInfinity : AdlScore.Of(notional / equity);

    private static decimal ToUnits(Money m) => m.Micros / (decimal)Money.Scale;
}
