using System.Globalization;

namespace SocialLoss.Simulation;

/// <summary>One OHLCV candle of a Binance kline file (prices in quote currency, volume in base asset).</summary>
/// <param name="OpenTime">Start of the candle (UTC).</param>
/// <param name="Open">First price.</param>
/// <param name="High">Highest price.</param>
/// <param name="Low">Lowest price.</param>
/// <param name="Close">Last price.</param>
/// <param name="Volume">Traded volume in the base asset.</param>
public sealed record Candle(DateTime OpenTime, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume)
{
    /// <summary>True when the candle closed at or above its open.</summary>
    public bool IsUp => Close >= Open;

    /// <summary>Reads a Binance kline CSV (<c>open_time_ms,open_time_utc,open,high,low,close,volume</c>), or its <c>.gz</c>.</summary>
    public static IReadOnlyList<Candle> ReadCsv(string path)
    {
        var candles = new List<Candle>();
        int lineNumber = 0;
        foreach (var line in DataFile.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || string.IsNullOrWhiteSpace(line))
                continue;
            var f = line.Split(',');
            if (f.Length < 7)
                throw new FormatException($"{Path.GetFileName(path)} line {lineNumber}: expected 7 columns, got {f.Length}");
            try
            {
                var ms = long.Parse(f[0], CultureInfo.InvariantCulture);
                candles.Add(new Candle(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime,
                    Dec(f[2]), Dec(f[3]), Dec(f[4]), Dec(f[5]), Dec(f[6])));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{Path.GetFileName(path)} line {lineNumber}: {e.Message}", e);
            }
        }

        return candles;

        static decimal Dec(string s) => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
