using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>The rules a <c>config</c> of the allocation, budgeted-ADL and Hyperliquid liquidation options must keep.</summary>
internal static class ConfigureRules
{
    /// <summary>Why the config is invalid, or null.</summary>
    public static string? Check(EngineConfig c)
    {
        if (c.BackstopPrice == ClosePrice.PreviousMark)
            return "backstop.price: \"previous-mark\" is an ADL price; a backstop takes over at \"bankruptcy\", \"mark\" or \"ftx\"";
        if (c.AdlRanking == AdlRankingKind.Budgeted && c.AdlPrice != ClosePrice.Bankruptcy)
            return "adl.ranking \"budgeted\" pays the shortfall through the bankruptcy price: adl.price must be \"bankruptcy\"";
        if (c.BackstopTransferBelow is { } below && (below.Ppb <= 0 || below.Ppb > Rate.Scale))
            return "backstop.transferBelow: must be greater than 0 and at most 1 (a fraction of maintenance margin)";
        if (c.Partial is { } p)
        {
            if (p.Above.IsNegative)
                return "liquidation.partialAbove: must not be negative";
            if (p.Fraction.Ppb <= 0 || p.Fraction.Ppb > Rate.Scale)
                return "liquidation.partialFraction: must be greater than 0 and at most 1";
        }

        return null;
    }
}
