using System.Globalization;

namespace SocialLoss.Core.Numbers;

/// <summary>
/// Exact conversions between decimal strings and scaled integers. The only place where text
/// becomes a number: nothing is ever parsed through <see cref="double"/>.
/// </summary>
public static class FixedPoint
{
    /// <summary>Powers of ten that fit a <see cref="long"/>.</summary>
    private static readonly long[] Pow10 = BuildPowers();

    /// <summary>10^n as a long, for n in 0..18.</summary>
    public static long PowerOfTen(int n) => Pow10[n];

    /// <summary>
    /// Parses a plain decimal string ("-12.5", "0.001"; no exponent, no thousands separator) into an
    /// integer scaled by 10^<paramref name="decimals"/>. Fails if the text has more decimal places
    /// than that, or does not fit.
    /// </summary>
    public static bool TryParse(string text, int decimals, out long value, out string? error)
    {
        value = 0;
        if (!TryParseDecimal(text, out var d, out error))
            return false;
        return TryScale(d, decimals, out value, out error);
    }

    /// <summary>Parses a plain decimal string into a <see cref="decimal"/> (exact for up to 28 digits).</summary>
    public static bool TryParseDecimal(string text, out decimal value, out string? error)
    {
        value = 0;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "expected a decimal number, got an empty string";
            return false;
        }

        var s = text.AsSpan();
        int i = 0;
        if (s[0] is '-' or '+')
            i = 1;
        bool digits = false, dot = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c is >= '0' and <= '9')
                digits = true;
            else if (c == '.' && !dot)
                dot = true;
            else
            {
                error = $"expected a decimal number like \"123.45\", got \"{text}\"";
                return false;
            }
        }

        if (!digits)
        {
            error = $"expected a decimal number like \"123.45\", got \"{text}\"";
            return false;
        }

        // decimal holds 28-29 significant digits and would round the rest away silently: refuse instead.
        var body = s[(s[0] is '-' or '+' ? 1 : 0)..];
        int dotAt = body.IndexOf('.');
        var whole = (dotAt < 0 ? body : body[..dotAt]).TrimStart('0');
        var fraction = dotAt < 0 ? ReadOnlySpan<char>.Empty : body[(dotAt + 1)..].TrimEnd('0');
        if (whole.Length > 28)
        {
            error = $"number \"{text}\" is out of range";
            return false;
        }

        if (whole.Length + fraction.Length > 28)
        {
            error = $"number \"{text}\" has more than 28 significant digits";
            return false;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            error = $"number \"{text}\" is out of range";
            return false;
        }

        return true;
    }

    /// <summary>Scales an exact decimal to an integer with <paramref name="decimals"/> places, exactly.</summary>
    public static bool TryScale(decimal d, int decimals, out long value, out string? error)
    {
        value = 0;
        error = null;
        decimal scaled;
        try
        {
            scaled = d * Pow10[decimals];
        }
        catch (OverflowException)
        {
            error = $"number {d.ToString(CultureInfo.InvariantCulture)} is out of range";
            return false;
        }

        if (scaled != decimal.Truncate(scaled))
        {
            error = $"number {Normalize(d)} has more than {decimals} decimal places";
            return false;
        }

        if (scaled > long.MaxValue || scaled < long.MinValue)
        {
            error = $"number {Normalize(d)} is out of range";
            return false;
        }

        value = (long)scaled;
        return true;
    }

    /// <summary>Formats a scaled integer as a decimal string without trailing zeros.</summary>
    public static string Format(long value, int decimals) => Format((Int128)value, decimals);

    /// <summary>Formats a scaled 128-bit integer as a decimal string without trailing zeros.</summary>
    public static string Format(Int128 value, int decimals)
    {
        if (decimals == 0)
            return value.ToString(CultureInfo.InvariantCulture);
        bool negative = value < 0;
        var abs = negative ? -value : value;
        var pow = (Int128)Pow10[decimals];
        var whole = abs / pow;
        var frac = abs % pow;
        var sign = negative ? "-" : "";
        if (frac == 0)
            return sign + whole.ToString(CultureInfo.InvariantCulture);
        var fracText = frac.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
        return sign + whole.ToString(CultureInfo.InvariantCulture) + "." + fracText;
    }

    /// <summary>A decimal as a string without trailing zeros.</summary>
    public static string Normalize(decimal d)
    {
        var s = d.ToString(CultureInfo.InvariantCulture);
        if (s.Contains('.'))
            s = s.TrimEnd('0').TrimEnd('.');
        return s == "-0" ? "0" : s;
    }

    /// <summary>Floor division for 128-bit integers (rounds toward negative infinity).</summary>
    public static Int128 FloorDiv(Int128 n, Int128 d)
    {
        var q = n / d;
        if ((n % d != 0) && ((n < 0) != (d < 0)))
            q -= 1;
        return q;
    }

    /// <summary>Ceiling division for 128-bit integers (rounds toward positive infinity).</summary>
    public static Int128 CeilDiv(Int128 n, Int128 d)
    {
        var q = n / d;
        if ((n % d != 0) && ((n < 0) == (d < 0)))
            q += 1;
        return q;
    }

    /// <summary>Narrows to long, throwing on overflow (a bug, never a silent wrap).</summary>
    public static long ToLong(Int128 v) => checked((long)v);

    private static long[] BuildPowers()
    {
        var p = new long[19];
        p[0] = 1;
        for (int i = 1; i < p.Length; i++)
            p[i] = p[i - 1] * 10;
        return p;
    }
}
