namespace SocialLoss.Core.Engine;

/// <summary>Who keeps a liquidated account's equity left after its close-out. Numbers are frozen (persisted).</summary>
public enum SurplusRecipient
{
    /// <summary>The trader keeps it (after the liquidation fee).</summary>
    Trader = 1,

    /// <summary>
    /// The insurance fund takes it: the trader is settled at the bankruptcy price and loses all position
    /// margin (BitMEX: "if the liquidation is filled better than the bankruptcy price, the excess goes to the
    /// insurance fund"). Source: https://www.bitmex.com/app/liquidation
    /// </summary>
    Fund = 2,
}
