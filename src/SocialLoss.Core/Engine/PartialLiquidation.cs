using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// Partial liquidation of large positions: a position whose notional at mark is above <paramref name="Above"/> is
/// liquidated <paramref name="Fraction"/> at a time through the book; for <paramref name="CooldownSeconds"/> after
/// such a partial liquidation (by command time) a further liquidation takes the whole position down the ladder.
/// Hyperliquid: above 100k USDC, 20% per market order, 30 s cooldown.
/// Source: https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations
/// </summary>
/// <param name="Above">Notional at mark above which a position is liquidated a fraction at a time.</param>
/// <param name="Fraction">Share of the position one partial liquidation closes (rounded up to a whole lot).</param>
/// <param name="CooldownSeconds">Seconds after a partial liquidation during which the whole position goes.</param>
public sealed record PartialLiquidation(Money Above, Rate Fraction, long CooldownSeconds);
