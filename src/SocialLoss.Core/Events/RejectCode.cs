namespace SocialLoss.Core.Events;

/// <summary>Why a well-formed command was refused. Numbers are frozen (persisted).</summary>
public enum RejectCode
{
    /// <summary>A value is out of its allowed range (non-positive amount, price off the tick grid...).</summary>
    InvalidValue = 1,

    /// <summary>The market is not listed.</summary>
    UnknownMarket = 2,

    /// <summary>The account does not exist.</summary>
    UnknownAccount = 3,

    /// <summary>The command may not name a built-in account.</summary>
    BuiltInAccount = 4,

    /// <summary>The trade would leave a side below initial margin while increasing its risk.</summary>
    InsufficientMargin = 5,

    /// <summary>The withdrawal exceeds free collateral.</summary>
    InsufficientFreeCollateral = 6,

    /// <summary>The market is already listed.</summary>
    DuplicateMarket = 7,

    /// <summary>The command came too late (e.g. <c>config</c> after other commands).</summary>
    OutOfOrder = 8,

    /// <summary>The market specification is not usable.</summary>
    InvalidMarket = 9,

    /// <summary>The market has no mark yet.</summary>
    NoMark = 10,

    /// <summary>
    /// Applying the command would take a sum past the engine's bounds (<see cref="Engine.Bounds"/>): a total of money
    /// beyond 10^18 micro-units, or open interest worth more than that.
    /// </summary>
    Overflow = 11,

    /// <summary>The trade's price is further from the mark than the market's price band allows.</summary>
    PriceBand = 12,
}
