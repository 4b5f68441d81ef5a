namespace SocialLoss.Contract;

/// <summary>What a field of a command (or of an object inside one) holds on the wire, and so how it is read and checked.</summary>
public enum FieldKind
{
    /// <summary>The command type, a string naming one of <see cref="CommandSchema.Commands"/>.</summary>
    Type,

    /// <summary>An ISO 8601 UTC time (<see cref="Core.Numbers.Timestamp"/>).</summary>
    Time,

    /// <summary>An account id (<see cref="ContractIds"/>).</summary>
    Account,

    /// <summary>A market id (<see cref="ContractIds"/>).</summary>
    Market,

    /// <summary>An amount of money: a decimal with at most 6 places.</summary>
    Money,

    /// <summary>A rate: a decimal with at most 9 places.</summary>
    Rate,

    /// <summary>A decimal that the engine converts with a market's tick or lot size (a price, a quantity).</summary>
    Decimal,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>Book levels <c>[["price","quantity"], ...]</c>.</summary>
    Levels,

    /// <summary>A whole number from 0 up.</summary>
    Whole,

    /// <summary>One of a fixed set of names (a policy's ranking, price, method, ...).</summary>
    Name,

    /// <summary>An ordered array of such names.</summary>
    Names,

    /// <summary>An object with its own fields (<see cref="FieldSpec.Shape"/>).</summary>
    Object,

    /// <summary>An array of such objects.</summary>
    Objects,
}
