using System.Globalization;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// The funding index on the wire: money per lot as a decimal string with up to 15 decimals, i.e. the index's
/// 10⁻⁹ micro-units (<see cref="Core.Events.FundingIndexed"/>) written exactly.
/// </summary>
public static class FundingIndexJson
{
    /// <summary>Decimals of the quote currency the index carries: 6 (micro-units) + 9 (the rate's ppb).</summary>
    public const int Decimals = Money.Decimals + Rate.Decimals;

    /// <summary>Reads an index written by <see cref="FixedPoint.Format(Int128, int)"/> with <see cref="Decimals"/>.</summary>
    public static Int128 Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        int dot = body.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? "" : body[(dot + 1)..];
        if (whole.Length == 0 || fraction.Length > Decimals || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length == 0))
            throw new FormatException($"\"{text}\" is not a funding index (a decimal with at most {Decimals} decimals)");
        var value = checked(Int128.Parse(whole, CultureInfo.InvariantCulture) * Pow10(Decimals)
            + (fraction.Length == 0 ? 0 : Int128.Parse(fraction.PadRight(Decimals, '0'), CultureInfo.InvariantCulture)));
        return negative ? -value : value;
    }

    private static Int128 Pow10(int n)
    {
        Int128 p = 1;
        for (int i = 0; i < n; i++)
            p *= 10;
        return p;
    }
}
