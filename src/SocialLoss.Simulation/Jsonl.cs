using System.Buffers;
using System.Text.Json;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Simulation;

/// <summary>Writes the contract's command lines (numbers as decimal strings).</summary>
public static class Jsonl
{
    /// <summary>A <c>deposit</c> line.</summary>
    public static string Deposit(string account, decimal amount) => Line(w =>
    {
        w.WriteString("type", "deposit");
        w.WriteString("account", account);
        w.WriteString("amount", N(amount));
    });

    /// <summary>An <c>insurance</c> top-up line.</summary>
    public static string Insurance(decimal amount) => Line(w =>
    {
        w.WriteString("type", "insurance");
        w.WriteString("amount", N(amount));
    });

    /// <summary>A <c>backstop</c> line (enables the account as a backstop).</summary>
    public static string Backstop(string account) => Line(w =>
    {
        w.WriteString("type", "backstop");
        w.WriteString("account", account);
    });

    /// <summary>A <c>mark</c> line, with its <c>time</c> when given.</summary>
    public static string Mark(string market, decimal price, DateTime? time = null) => Line(w =>
    {
        w.WriteString("type", "mark");
        w.WriteString("market", market);
        w.WriteString("price", N(price));
        Time(w, time);
    });

    /// <summary>A <c>trade</c> line.</summary>
    public static string Trade(string market, string buyer, string seller, decimal price, decimal quantity) => Line(w =>
    {
        w.WriteString("type", "trade");
        w.WriteString("market", market);
        w.WriteString("buyer", buyer);
        w.WriteString("seller", seller);
        w.WriteString("price", N(price));
        w.WriteString("quantity", N(quantity));
    });

    /// <summary>A <c>book</c> line, with its <c>time</c> when given.</summary>
    public static string Book(string market, BookSnapshot book, DateTime? time = null) => Line(w =>
    {
        w.WriteString("type", "book");
        w.WriteString("market", market);
        Levels("bids", book.Bids);
        Levels("asks", book.Asks);
        Time(w, time);

        void Levels(string name, IReadOnlyList<(decimal Price, decimal Quantity)> levels)
        {
            w.WriteStartArray(name);
            foreach (var (p, q) in levels)
            {
                w.WriteStartArray();
                w.WriteStringValue(N(p));
                w.WriteStringValue(N(q));
                w.WriteEndArray();
            }

            w.WriteEndArray();
        }
    });

    /// <summary>A UTC time as the contract's <c>time</c> (ISO 8601, <c>Z</c>, to the microsecond).</summary>
    public static Timestamp Stamp(DateTime utc) => new((utc.ToUniversalTime() - DateTime.UnixEpoch).Ticks / (TimeSpan.TicksPerMillisecond / 1000));

    private static void Time(Utf8JsonWriter w, DateTime? time)
    {
        if (time is { } t)
            w.WriteString("time", Stamp(t).ToString());
    }

    /// <summary>A decimal as the contract writes it ("123.45").</summary>
    public static string N(decimal d) => FixedPoint.Normalize(d);

    private static string Line(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
