using System.Runtime.CompilerServices;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// The checked values of one flat command's fields, one slot per field of its <see cref="ObjectShape"/> (by index):
/// what either parser hands to the command's <see cref="CommandBuilder"/>, so both build commands the same way.
/// </summary>
public struct CommandValues
{
    /// <summary>The most fields a flat command has, <c>type</c> and <c>time</c> included.</summary>
    public const int Capacity = 8;

    private Slots _slots;

    /// <summary>The value of field <paramref name="index"/>.</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    public ref FieldValue this[int index] => ref _slots[index];

    /// <summary>An account id.</summary>
    public readonly AccountId Account(int index) => new(_slots[index].Text!);

    /// <summary>A market id.</summary>
    public readonly MarketId Market(int index) => new(_slots[index].Text!);

    /// <summary>An amount of money.</summary>
    public readonly Money Money(int index) => new(_slots[index].Scaled);

    /// <summary>A rate.</summary>
    public readonly Rate Rate(int index) => new(_slots[index].Scaled);

    /// <summary>A decimal.</summary>
    public readonly decimal Decimal(int index) => _slots[index].Decimal;

    /// <summary>A flag, or null when absent.</summary>
    public readonly bool? OptionalBool(int index) => _slots[index].Present ? _slots[index].Bool : null;

    /// <summary>Book levels (none when absent).</summary>
    public readonly IReadOnlyList<(decimal, decimal)> Levels(int index) => _slots[index].Levels ?? [];

    /// <summary>A time, or null when absent.</summary>
    public readonly Timestamp? Time(int index) => _slots[index].Present ? new Timestamp(_slots[index].Scaled) : null;

    [InlineArray(Capacity)]
    private struct Slots
    {
        private FieldValue _first;
    }
}

/// <summary>One checked field value: which member holds it depends on the field's <see cref="FieldKind"/>.</summary>
public struct FieldValue
{
    /// <summary>True when the field was given (not absent, not null).</summary>
    public bool Present;

    /// <summary>A flag.</summary>
    public bool Bool;

    /// <summary>An id.</summary>
    public string? Text;

    /// <summary>Money in micro-units, a rate in parts per billion, a time in microseconds.</summary>
    public long Scaled;

    /// <summary>A decimal.</summary>
    public decimal Decimal;

    /// <summary>Book levels.</summary>
    public IReadOnlyList<(decimal, decimal)>? Levels;
}

/// <summary>Builds a flat command from its checked values.</summary>
public delegate Core.Commands.Command CommandBuilder(in CommandValues values);
