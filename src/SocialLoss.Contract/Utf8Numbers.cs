using System.Globalization;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Decimal text as UTF-8 bytes, read and written without a string: the fast path of the JSONL reader and
/// the event writer. Reading only accepts the common forms exactly (up to 18 digits); anything else returns
/// false and the caller falls back to <see cref="FixedPoint"/>, which owns the error messages.
/// </summary>
public static class Utf8Numbers
{
    /// <summary>Room for any scaled long: sign, 19 digits, point, leading zero.</summary>
    public const int MaxScaledLength = 24;

    /// <summary>Room for any decimal: sign, 29 digits, point, leading zero.</summary>
    public const int MaxDecimalLength = 40;

    /// <summary>
    /// Reads <c>[+-]digits[.digits]</c> with at most 18 digits into a mantissa and a scale (digits after the
    /// point), exactly as <see cref="decimal.Parse(string)"/> keeps them. False for anything else, and for
    /// negative zero (whose sign bit the slow path decides).
    /// </summary>
    public static bool TryParseMantissa(ReadOnlySpan<byte> s, out long mantissa, out int scale)
    {
        mantissa = 0;
        scale = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        int digits = 0;
        int dotAt = -1;
        ulong m = 0;
        for (; i < s.Length; i++)
        {
            uint d = unchecked((uint)(s[i] - '0')); // below '0' wraps to a large value
            if (d <= 9)
            {
                if (++digits > 18)
                    return false;
                m = m * 10 + d;
            }
            else if (s[i] == (byte)'.' && dotAt < 0)
                dotAt = i;
            else
                return false;
        }

        if (digits == 0 || (negative && m == 0))
            return false;
        scale = dotAt < 0 ? 0 : s.Length - dotAt - 1;
        mantissa = negative ? -(long)m : (long)m;
        return true;
    }

    /// <summary>The decimal of a mantissa and scale, with that scale (so "1.50" keeps its two places, as decimal.Parse does).</summary>
    public static decimal ToDecimal(long mantissa, int scale)
    {
        bool negative = mantissa < 0;
        ulong m = negative ? (ulong)(-mantissa) : (ulong)mantissa;
        return new decimal(unchecked((int)(uint)m), unchecked((int)(uint)(m >> 32)), 0, negative, (byte)scale);
    }

    /// <summary>Reads a decimal (see <see cref="TryParseMantissa"/>).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out decimal value)
    {
        if (!TryParseMantissa(s, out var m, out var scale))
        {
            value = 0;
            return false;
        }

        value = ToDecimal(m, scale);
        return true;
    }

    /// <summary>
    /// Reads a decimal as an integer scaled by 10^<paramref name="decimals"/>; false when the text has more
    /// places than that (unless they are zeros), does not fit, or is not a common form.
    /// </summary>
    public static bool TryParseScaled(ReadOnlySpan<byte> s, int decimals, out long value)
    {
        value = 0;
        if (!TryParseMantissa(s, out var m, out var scale))
            return false;
        if (scale <= decimals)
        {
            long p = FixedPoint.PowerOfTen(decimals - scale);
            if (Math.Abs(m) > long.MaxValue / p)
                return false;
            value = m * p;
            return true;
        }

        if (scale - decimals > 18)
            return false;
        long q = FixedPoint.PowerOfTen(scale - decimals);
        if (m % q != 0)
            return false;
        value = m / q;
        return true;
    }

    /// <summary>
    /// Writes a scaled integer as decimal text without trailing zeros, byte for byte what
    /// <see cref="FixedPoint.Format(long, int)"/> returns. Returns the bytes written.
    /// </summary>
    public static int FormatScaled(long value, int decimals, Span<byte> destination)
    {
        int n = 0;
        ulong abs;
        if (value < 0)
        {
            destination[n++] = (byte)'-';
            abs = unchecked((ulong)(-(value + 1)) + 1); // long.MinValue has no positive twin
        }
        else
            abs = (ulong)value;

        if (decimals == 0)
            return n + Whole(abs, destination[n..]);
        ulong pow = (ulong)FixedPoint.PowerOfTen(decimals);
        ulong whole = abs / pow, frac = abs % pow;
        n += Whole(whole, destination[n..]);
        if (frac == 0)
            return n;
        destination[n++] = (byte)'.';
        int width = decimals;
        while (frac % 10 == 0)
        {
            frac /= 10;
            width--;
        }

        for (int i = width - 1; i >= 0; i--)
        {
            destination[n + i] = (byte)('0' + (int)(frac % 10));
            frac /= 10;
        }

        return n + width;
    }

    /// <summary>
    /// Writes a decimal without trailing zeros ("-0" as "0"), byte for byte what <see cref="FixedPoint.Normalize"/>
    /// returns. Returns the bytes written; <paramref name="destination"/> needs <see cref="MaxDecimalLength"/> bytes.
    /// </summary>
    public static int FormatNormalized(decimal d, Span<byte> destination)
    {
        if (!d.TryFormat(destination, out int n, default, CultureInfo.InvariantCulture))
            throw new ArgumentException("destination too small", nameof(destination));
        if (destination[..n].Contains((byte)'.'))
        {
            while (destination[n - 1] == (byte)'0')
                n--;
            if (destination[n - 1] == (byte)'.')
                n--;
        }

        if (n == 2 && destination[0] == (byte)'-' && destination[1] == (byte)'0')
        {
            destination[0] = (byte)'0';
            n = 1;
        }

        return n;
    }

    private static int Whole(ulong v, Span<byte> destination)
    {
        if (!v.TryFormat(destination, out int n, default, CultureInfo.InvariantCulture))
            throw new ArgumentException("destination too small", nameof(destination));
        return n;
    }
}
