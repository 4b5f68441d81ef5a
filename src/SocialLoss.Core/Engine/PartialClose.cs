using SocialLoss.Core.Accounts;
using SocialLoss.Core.Markets;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Hyperliquid's partial liquidation (<see cref="EngineConfig.Partial"/>): "for positions with notional above 100k
/// USDC, only 20% of the position is sent as a market liquidation order"; after it, for the 30 s cooldown, a further
/// liquidation takes the whole position (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations). The
/// fraction goes to the book only; what the book does not take stays with the account. Whether the account is still
/// under maintenance is the sweep's next check: within the cooldown it closes the whole position down the ladder. The
/// cooldown is the account's, whichever of its positions was partially liquidated (<see cref="InCooldown"/>).
/// Without a command time the cooldown cannot be told, and the whole position goes as without the option.
/// </summary>
internal static class PartialClose
{
    /// <summary>Liquidates a fraction of the position through the book when the rule applies; false when it does not (close it all).</summary>
    public static bool TryClose(IEventSink sink, Account account, MarketState market)
    {
        var ledger = sink.Ledger;
        if (ledger.Config.Partial is not { } rule || sink.Time is not { } now)
            return false;
        var position = account.PositionIn(market.Id)!;
        if (market.Spec.Notional(position.Quantity, market.RequireMark()) <= rule.Above)
            return false;
        if (InCooldown(account, market, now, rule.CooldownSeconds * Numbers.Timestamp.MicrosPerSecond))
            return false; // within the cooldown of the account's last partial liquidation: the whole position
        long size = Math.Abs(position.Quantity.Lots);
        long lots = (long)(((Int128)size * rule.Fraction.Ppb + Numbers.Rate.Scale - 1) / Numbers.Rate.Scale); // rounded up to a whole lot
        if (lots >= size)
            return false;
        return CloseOutLadder.CloseThroughBook(sink, new CloseOutPlan(ledger, account, market, lots));
    }

    /// <summary>
    /// The cooldown is the user's: "after a block where any position of a user is partially liquidated, there is a
    /// cooldown period of 30 seconds. During this cooldown period, all market liquidation orders for that user will be
    /// for the entire position" (Hyperliquid's announcements channel, post 307, as mirrored at
    /// https://tginsight.xyz/channel/hyperliquid_announcements/post/307). It starts after the block: another position's partial liquidation
    /// at the same time does not put this one in it, while this position's own does (the sweep's second look at it
    /// within one command closes it whole).
    /// </summary>
    private static bool InCooldown(Account account, MarketState market, Numbers.Timestamp now, long cooldownMicros)
    {
        if (account.PartialLiquidations is not { } partial)
            return false;
        foreach (var (name, at) in partial)
        {
            long since = now.UnixMicroseconds - at.UnixMicroseconds;
            if (since < cooldownMicros && (since > 0 || name == market.Id.Value))
                return true;
        }

        return false;
    }
}
