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
}
