namespace SocialLoss.Oracle;

/// <summary>
/// Exact rounding on <see cref="decimal"/>: integer quotients computed from the decimal quotient and then
/// corrected with the exact remainder, so a quotient within one ulp of an integer never rounds the wrong way.
/// </summary>
public static class Exact
{
    /// <summary>One micro-unit of the settlement asset.</summary>
    public const decimal Micro = 0.000001m;

    /// <summary>floor(n / d), exactly.</summary>
    public static decimal FloorDiv(decimal n, decimal d)
    {
        if (d == 0)
            throw new DivideByZeroException();
        if (d < 0)
        {
            n = -n;
            d = -d;
        }

        var q = decimal.Floor(n / d);
        var r = n - q * d;
        while (r < 0)
        {
            q -= 1;
            r += d;
        }

        while (r >= d)
        {
            q += 1;
            r -= d;
        }

        return q;
    }

    /// <summary>ceil(n / d), exactly.</summary>
    public static decimal CeilDiv(decimal n, decimal d) => -FloorDiv(-n, d);

    /// <summary>n / d truncated toward zero, exactly.</summary>
    public static decimal TruncDiv(decimal n, decimal d) => (n < 0) == (d < 0) ? FloorDiv(n, d) : CeilDiv(n, d);

    /// <summary>Rounds up to a micro-unit.</summary>
    public static decimal CeilMicro(decimal x) => CeilDiv(x, Micro) * Micro;

    /// <summary>Rounds down to a micro-unit.</summary>
    public static decimal FloorMicro(decimal x) => FloorDiv(x, Micro) * Micro;

    /// <summary>A money amount in units with the same decimal representation the engine's <c>micros / 1e6m</c> has.</summary>
    public static decimal Units(decimal x) => decimal.Truncate(x * 1_000_000m) / 1_000_000m;

    /// <summary>A decimal as text without trailing zeros ("1000.5", "0").</summary>
    public static string Text(decimal d)
    {
        var s = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (s.Contains('.'))
            s = s.TrimEnd('0').TrimEnd('.');
        return s == "-0" ? "0" : s;
    }
}
