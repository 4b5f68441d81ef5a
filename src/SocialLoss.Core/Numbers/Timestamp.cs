namespace SocialLoss.Core.Numbers;

/// <summary>
/// A point in UTC time as whole microseconds since 1970-01-01T00:00:00Z: the <c>time</c> of a command, echoed
/// by its events. The wire form is ISO 8601 in UTC with a <c>Z</c> and at most six fractional digits
/// (<c>2025-10-10T21:16:04.831Z</c>); it is read and written by hand, without <see cref="DateTime"/> parsing, so
/// no culture, offset or local time zone can change a value, and every value has one canonical text.
/// </summary>
public readonly record struct Timestamp(long UnixMicroseconds) : IComparable<Timestamp>
{
    /// <summary>Microseconds in one second.</summary>
    public const long MicrosPerSecond = 1_000_000;

    /// <summary>The wire form this type reads, for error messages.</summary>
    public const string Expected = "an ISO 8601 UTC time like \"2025-10-10T21:16:04.831Z\" (YYYY-MM-DDTHH:MM:SS, up to 6 fractional digits, Z)";

    private const int MaxLength = 27; // YYYY-MM-DDTHH:MM:SS.ffffffZ

    /// <summary>
    /// Reads <c>YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z</c> (years 0001–9999, real calendar dates, seconds 00–59); anything
    /// else (an offset, a local time, a leap second, lower-case letters, spaces) is false.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Timestamp time)
    {
        time = default;
        if (s.Length < 20 || s.Length > MaxLength || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[^1] != 'Z')
            return false;
        if (!Digits(s[..4], out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || !Digits(s.Slice(11, 2), out int hour) || !Digits(s.Slice(14, 2), out int minute) || !Digits(s.Slice(17, 2), out int second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        long micros = 0;
        var rest = s[19..^1];
        if (!rest.IsEmpty)
        {
            if (rest[0] != '.' || rest.Length < 2 || rest.Length > 7 || !Digits(rest[1..], out int fraction))
                return false;
            micros = fraction;
            for (int i = rest.Length - 1; i < 6; i++)
                micros *= 10;
        }

        long seconds = DaysFromCivil(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        time = new Timestamp(seconds * MicrosPerSecond + micros);
        return true;
    }

    /// <summary>Reads the same form from ASCII bytes (anything else is false).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Timestamp time)
    {
        time = default;
        if (utf8.Length > MaxLength)
            return false;
        Span<char> chars = stackalloc char[MaxLength];
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] >= 0x80)
                return false;
            chars[i] = (char)utf8[i];
        }

        return TryParse(chars[..utf8.Length], out time);
    }

    /// <inheritdoc />
    public int CompareTo(Timestamp other) => UnixMicroseconds.CompareTo(other.UnixMicroseconds);

    /// <summary>
    /// The canonical wire form: no fraction for whole seconds, three digits for whole milliseconds, else six
    /// (<c>2025-10-10T21:16:04Z</c>, <c>…04.830Z</c>, <c>…04.830001Z</c>).
    /// </summary>
    public override string ToString()
    {
        long seconds = Math.DivRem(UnixMicroseconds, MicrosPerSecond, out long micros);
        if (micros < 0)
        {
            seconds--;
            micros += MicrosPerSecond;
        }

        long days = Math.DivRem(seconds, 86_400L, out long secondOfDay);
        if (secondOfDay < 0)
        {
            days--;
            secondOfDay += 86_400L;
        }

        var (year, month, day) = CivilFromDays(days);
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        string fraction = micros == 0 ? "" : micros % 1000 == 0 ? "." + (micros / 1000).ToString("D3", ci) : "." + micros.ToString("D6", ci);
        return string.Create(ci, $"{year:D4}-{month:D2}-{day:D2}T{secondOfDay / 3600:D2}:{secondOfDay / 60 % 60:D2}:{secondOfDay % 60:D2}{fraction}Z");
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
                return false;
            value = value * 10 + (c - '0');
        }

        return true;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant, "chrono-Compatible Low-Level Date
    // Algorithms", days_from_civil / civil_from_days): exact integer arithmetic, no calendar library.
    private static long DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static (long Year, long Month, long Day) CivilFromDays(long z)
    {
        z += 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp + (mp < 10 ? 3 : -9);
        return (y + (m <= 2 ? 1 : 0), m, d);
    }
}
