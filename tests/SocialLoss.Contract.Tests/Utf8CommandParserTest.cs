using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using SocialLoss.Core.Commands;

namespace SocialLoss.Contract.Tests;

/// <summary>The UTF-8 fast path agrees with <see cref="CommandParser"/>: the same command, or the same error.</summary>
public class Utf8CommandParserTest
{
    private static readonly string[] Types = ["deposit", "withdraw", "trade", "mark", "funding", "book", "insurance", "backstop", "settle", "member", "sitg", "default", "config", "market"];

    [Theory]
    [InlineData("""{"type":"deposit","account":"alice","amount":"1000"}""")]
    [InlineData("""{"type":"withdraw","account":"alice","amount":12.5}""")]
    [InlineData("""{"type":"trade","market":"BTC-PERP","buyer":"alice","seller":"bob","price":"100.50","quantity":"0.010"}""")]
    [InlineData("""{"price":"95","market":"BTC-PERP","type":"mark"}""")]
    [InlineData("""{"type":"funding","market":"BTC-PERP","rate":"-0.0001"}""")]
    [InlineData("""{"type":"book","market":"BTC-PERP","bids":[["94.5","3"],[94,10]],"asks":[]}""")]
    [InlineData("""{"type":"book","market":"BTC-PERP"}""")]
    [InlineData("""{"type":"insurance","amount":"+500"}""")]
    [InlineData("""{"type":"backstop","account":"vault"}""")]
    [InlineData("""{"type":"backstop","account":"vault","enabled":false}""")]
    [InlineData("""{"type":"settle"}""")]
    [InlineData("""{"type":"member","account":"m1","defaultFund":"100"}""")]
    [InlineData("""{"type":"sitg","amount":"5"}""")]
    [InlineData("""{"type":"default","account":"m1"}""")]
    [InlineData(""" { "type" : "deposit" , "account" : "al\u0069ce" , "amount" : "1.000000000" } """)]
    public void Parse_ValidLine_FastPathGivesTheSlowPathsCommand(string line)
    {
        var parser = new Utf8CommandParser();
        Assert.Equal(Describe(CommandParser.Parse(line)), Describe(parser.Parse(Encoding.UTF8.GetBytes(line))));
        Assert.Equal(1, parser.FastLines);
    }

    [Theory]
    [InlineData("""{"type":"deposit","account":"alice","amont":"1"}""")]
    [InlineData("""{"type":"deposit","account":"alice"}""")]
    [InlineData("""{"type":"deposit","account":"alice","amount":"1.2.3"}""")]
    [InlineData("""{"type":"deposit","account":"alice","amount":"0.0000001"}""")]
    [InlineData("""{"type":"deposit","account":"alice","amount":1e3}""")]
    [InlineData("""{"type":"deposit","account":42,"amount":"1"}""")]
    [InlineData("""{"type":"depsit","account":"alice","amount":"1"}""")]
    [InlineData("""{"account":"alice"}""")]
    [InlineData("""{"type":"deposit",""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"type":"book","market":"X","bids":[["1"]]}""")]
    [InlineData("""{"type":"backstop","account":"v","enabled":"yes"}""")]
    [InlineData("""{"type":"trade","market":"X","buyer":"","seller":"b","price":"1","quantity":"1"}""")]
    [InlineData("""{"type":"deposit","account":"alice","amount":"1"} x""")]
    [InlineData("""{"type":"deposit","account":"alice","account":"bob","amount":"1"}""")]
    [InlineData("""{"type":"deposit","account":"alice","amount":null}""")]
    [InlineData("""{"type":"deposit","account":"alice","amount":"99999999999999999999"}""")]
    [InlineData("""{"type":"mark","market":"X","price":"-0"}""")]
    public void Parse_MalformedOrUnusualLine_SameOutcomeAsTheSlowPath(string line) => AssertAgrees(line);

    [Fact]
    public void Parse_RandomValidLines_SameCommandAsTheSlowPath() =>
        Gen.Int.Sample(seed =>
        {
            var line = RandomLine(new Random(seed), odd: false);
            var parser = new Utf8CommandParser();
            AssertAgrees(line, parser);
            var type = JsonDocument.Parse(line).RootElement.GetProperty("type").GetString();
            if (type is not ("config" or "market"))
                Assert.True(parser.FastLines == 1, $"the fast path deferred a plain valid line: {line}");
        }, iter: 3000);

    [Fact]
    public void Parse_RandomOddButValidLines_SameCommandAsTheSlowPath() =>
        Gen.Int.Sample(seed => AssertAgrees(RandomLine(new Random(seed), odd: true)), iter: 5000);

    [Fact]
    public void Parse_RandomCorruptions_SameCommandOrSameError() =>
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            var line = RandomLine(rng, odd: rng.Next(2) == 0);
            for (int k = rng.Next(1, 4); k > 0; k--)
                line = Corrupt(rng, line);
            AssertAgrees(line);
        }, iter: 10000);

    [Fact]
    public void Parse_RepeatedName_SameStringInstance()
    {
        var parser = new Utf8CommandParser();
        var a = (DepositCommand)parser.Parse("""{"type":"deposit","account":"alice","amount":"1"}"""u8);
        var b = (DepositCommand)parser.Parse("""{"type":"deposit","account":"alice","amount":"2"}"""u8);
        Assert.Same(a.Account.Value, b.Account.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData("// a comment")]
    [InlineData("  // indented comment")]
    [InlineData("\u00a0// after a no-break space")]
    [InlineData("{\"type\":\"settle\"}")]
    [InlineData("x")]
    [InlineData("/ not a comment")]
    public void IsSkippable_AgreesWithTheTextVersion(string line) =>
        Assert.Equal(CommandParser.IsSkippable(line), Utf8CommandParser.IsSkippable(Encoding.UTF8.GetBytes(line)));

    /// <summary>
    /// The line as a file holds it (UTF-8 bytes; a corruption that split a surrogate pair becomes U+FFFD, as the
    /// text reader would decode it): the slow path on the decoded text, the fast path on the bytes.
    /// </summary>
    private static void AssertAgrees(string line, Utf8CommandParser? parser = null)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        line = Encoding.UTF8.GetString(bytes);
        var slow = Outcome(() => CommandParser.Parse(line));
        var fast = Outcome(() => (parser ?? new Utf8CommandParser()).Parse(bytes));
        Assert.True(slow == fast, $"line: {line}\nslow: {slow}\nfast: {fast}");
    }

    private static string Outcome(Func<Command> parse)
    {
        try
        {
            return Describe(parse());
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>A command as text, decimals with their scale ("1.50" is not "1.5"), lists spelled out.</summary>
    internal static string Describe(Command c) => c switch
    {
        BookCommand b => $"book {b.Market.Value} bids {Levels(b.Bids)} asks {Levels(b.Asks)}",
        ListMarketCommand m => (m with { Tiers = [] }) + " tiers " + string.Join(";", m.Tiers),
        ConfigureCommand k => "config " + ConfigText(k),
        _ => c.ToString(),
    };

    private static string Levels(IReadOnlyList<(decimal Price, decimal Quantity)> levels) =>
        string.Join(";", levels.Select(l => l.Price.ToString(CultureInfo.InvariantCulture) + "@" + l.Quantity.ToString(CultureInfo.InvariantCulture)));

    private static string ConfigText(ConfigureCommand k)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            ConfigJson.Write(w, k.Config);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// A valid command line of a random type. Plain: the usual formatting. Odd: random white space, field order,
    /// escaped and non-ASCII names, numbers as JSON numbers or strings in every form the contract accepts.
    /// </summary>
    internal static string RandomLine(Random rng, bool odd)
    {
        var type = Types[rng.Next(Types.Length)];
        var fields = new List<(string Name, string Json)> { ("type", Str(rng, type, odd)) };
        string Name() => Str(rng, PickName(rng, odd), odd);
        string Money() => Number(rng, odd, 6);
        string Dec() => Number(rng, odd, 4);
        switch (type)
        {
            case "deposit" or "withdraw":
                fields.Add(("account", Name()));
                fields.Add(("amount", Money()));
                break;
            case "trade":
                fields.Add(("market", Str(rng, "BTC-PERP", odd)));
                fields.Add(("buyer", Name()));
                fields.Add(("seller", Name()));
                fields.Add(("price", Dec()));
                fields.Add(("quantity", Dec()));
                break;
            case "mark":
                fields.Add(("market", Str(rng, "BTC-PERP", odd)));
                fields.Add(("price", Dec()));
                break;
            case "funding":
                fields.Add(("market", Str(rng, "ETH-PERP", odd)));
                fields.Add(("rate", Number(rng, odd, 9)));
                break;
            case "book":
                fields.Add(("market", Str(rng, "BTC-PERP", odd)));
                foreach (var side in new[] { "bids", "asks" })
                    if (rng.Next(4) != 0)
                        fields.Add((side, "[" + string.Join(",", Enumerable.Range(0, rng.Next(0, 4)).Select(_ => $"[{Dec()},{Dec()}]")) + "]"));
                break;
            case "insurance" or "sitg":
                fields.Add(("amount", Money()));
                break;
            case "backstop":
                fields.Add(("account", Name()));
                if (rng.Next(2) == 0)
                    fields.Add(("enabled", rng.Next(2) == 0 ? "true" : "false"));
                break;
            case "member":
                fields.Add(("account", Name()));
                fields.Add(("defaultFund", Money()));
                break;
            case "default":
                fields.Add(("account", Name()));
                break;
            case "config":
                if (rng.Next(2) == 0)
                    fields.Add(("closeout", "[\"book\",\"adl\"]"));
                if (rng.Next(2) == 0)
                    fields.Add(("adl", "{\"ranking\":\"size\",\"price\":\"mark\"}"));
                if (rng.Next(2) == 0)
                    fields.Add(("waterfall", "[\"insurance\",\"clawback\"]"));
                break;
            case "market":
                fields.Add(("market", Str(rng, "BTC-PERP", odd)));
                fields.Add(("tickSize", "\"0.1\""));
                fields.Add(("lotSize", "\"0.001\""));
                fields.Add(("initialMargin", "\"0.1\""));
                fields.Add(("maintenanceMargin", "\"0.05\""));
                if (rng.Next(2) == 0)
                    fields.Add(("tiers", "[{\"maxNotional\":\"1000\",\"initialMargin\":\"0.02\",\"maintenanceMargin\":\"0.01\"}]"));
                break;
        }

        if (odd)
            fields = [.. fields.OrderBy(_ => rng.Next())];
        string Ws() => odd ? new[] { "", " ", "\t", "  " }[rng.Next(4)] : "";
        return Ws() + "{" + string.Join(",", fields.Select(f => Ws() + "\"" + f.Name + "\"" + Ws() + ":" + Ws() + f.Json + Ws())) + "}" + Ws();
    }

    private static string PickName(Random rng, bool odd)
    {
        if (!odd || rng.Next(3) != 0)
            return "u" + rng.Next(0, 50).ToString("D7", CultureInfo.InvariantCulture);
        return new[] { "alice", "bob", "e.trader", "x:y", "a@b", "under_score", "0xAbC9", "A-Z.09", new string('q', 128) }[rng.Next(9)];
    }

    /// <summary>A JSON string of <paramref name="s"/>; odd: some characters written as escapes.</summary>
    private static string Str(Random rng, string s, bool odd)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            var text = rune.ToString();
            if (text is "\"" or "\\")
                sb.Append('\\').Append(text);
            else if (rune.Value < ' ' || (odd && rng.Next(8) == 0))
            {
                // Escaped: a character outside the BMP as both halves of its surrogate pair, never one alone.
                if (text == "/" && rng.Next(2) == 0)
                    sb.Append("\\/");
                else
                    foreach (var ch in text)
                        sb.Append("\\u").Append(((int)ch).ToString(rng.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture));
            }
            else
                sb.Append(text);
        }

        return sb.Append('"').ToString();
    }

    /// <summary>A number the contract accepts: plain, or (odd) with a sign, leading or trailing zeros, many digits, bare.</summary>
    private static string Number(Random rng, bool odd, int places)
    {
        long whole = rng.Next(4) switch { 0 => 0, 1 => rng.Next(0, 10), 2 => rng.Next(0, 100_000), _ => rng.NextInt64(0, (long)Math.Pow(10, Math.Min(10, 18 - places))) };
        int p = rng.Next(0, places + 1);
        string frac = p == 0 ? "" : rng.NextInt64(0, (long)Math.Pow(10, p)).ToString(CultureInfo.InvariantCulture).PadLeft(p, '0');
        string text = whole.ToString(CultureInfo.InvariantCulture) + (frac.Length > 0 ? "." + frac : "");
        if (!odd)
            return "\"" + text + "\"";
        switch (rng.Next(10))
        {
            case 0: text = "-" + text; break;
            case 1: text = "+" + text; break;
            case 2: text = "00" + text; break;
            case 3: text += (text.Contains('.') ? "" : ".") + "000"; break;
            case 4: text = "." + rng.Next(1, 1000).ToString(CultureInfo.InvariantCulture); break;
            case 5: text = rng.Next(0, 100).ToString(CultureInfo.InvariantCulture) + "."; break;
            case 6: text = "1234567890123456789" + (rng.Next(2) == 0 ? ".5" : ""); break;
            case 7: text = "0." + new string('0', rng.Next(5, 30)) + "1"; break;
        }

        bool bare = rng.Next(3) == 0 && text[0] != '+' && text[0] != '.' && !text.EndsWith('.') && !text.StartsWith("00", StringComparison.Ordinal);
        return bare ? text : "\"" + text + "\"";
    }

    private static string Corrupt(Random rng, string line)
    {
        const string noise = "\"{}[],:x1.-\\ e0n\u00e9";
        if (line.Length == 0)
            return noise[rng.Next(noise.Length)].ToString();
        int at = rng.Next(line.Length);
        return rng.Next(5) switch
        {
            0 => line.Remove(at, 1),
            1 => line.Insert(at, noise[rng.Next(noise.Length)].ToString()),
            2 => line[..at],
            3 => line.Insert(at, rng.Next(2) == 0 ? "\"amount\":\"1\"," : "null"),
            _ => line.Remove(at, 1).Insert(at, noise[rng.Next(noise.Length)].ToString()),
        };
    }
}
