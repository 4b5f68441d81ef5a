using System.Text;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;

namespace SocialLoss.Contract.Tests;

/// <summary>
/// Issue 12 item 8: input that used to be accepted and is now a field error, the same on the text and the UTF-8
/// paths (duplicate keys, ids outside the id rule, invalid UTF-8), and the one field table both parsers use.
/// </summary>
public class StrictInputTest
{
    private static string TextError(string line) => Assert.Throws<CommandFormatException>(() => CommandParser.Parse(line)).Message;

    private static string Utf8Error(byte[] line) => Assert.Throws<CommandFormatException>(() => new Utf8CommandParser().Parse(line)).Message;

    private static string BothError(string line)
    {
        var text = TextError(line);
        Assert.Equal(text, Utf8Error(Encoding.UTF8.GetBytes(line)));
        return text;
    }

    [Theory]
    // the last used to win: a deposit of a million, a deposit turned into a withdrawal
    [InlineData("""{"type":"deposit","account":"a","amount":"1","amount":"1000000"}""", "duplicate field \"amount\"")]
    [InlineData("""{"type":"deposit","account":"a","amount":"1","type":"withdraw"}""", "duplicate field \"type\"")]
    [InlineData("""{"type":"deposit","account":"a","account":"a","amount":"1"}""", "duplicate field \"account\"")]
    [InlineData("""{"type":"deposit","account":"a","amount":"1","amount":null}""", "duplicate field \"amount\"")]
    [InlineData("""{"type":"deposit","account":"a","amount":"1","\u0061mount":"2"}""", "duplicate field \"amount\"")]
    [InlineData("""{"type":"config","adl":{"ranking":"size","ranking":"fair"}}""", "duplicate field \"adl.ranking\"")]
    [InlineData("""{"type":"config","clawback":{"method":"pro-rata"},"clawback":{"method":"min-max"}}""", "duplicate field \"clawback\"")]
    [InlineData("""{"type":"market","market":"X","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05","tiers":[{"maxNotional":"1","initialMargin":"0.1","maintenanceMargin":"0.05","maxNotional":"9"}]}""", "duplicate field \"tiers[0].maxNotional\"")]
    [InlineData("""{"type":"market","market":"X","tickSize":"1","tickSize":"0.1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05"}""", "duplicate field \"tickSize\"")]
    public void Parse_DuplicateKey_ErrorNamingTheField(string line, string expected) =>
        Assert.StartsWith(expected, BothError(line));

    [Theory]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData("a\\u0000b")]
    [InlineData("x/y")]
    [InlineData("caf\u00e9")]
    [InlineData("\u65e5\u672c")]
    [InlineData("tab\\there")]
    [InlineData("a\\\"b")]
    [InlineData("\ud83d\ude00")]
    [InlineData("line\\nbreak")]
    public void Parse_IdOutsideTheRule_ErrorNamingTheField(string id)
    {
        Assert.StartsWith("field \"account\": expected an id of 1 to 128 characters from A-Z a-z 0-9 . _ - : @, got the string",
            BothError($$"""{"type":"deposit","account":"{{id}}","amount":"1"}"""));
        Assert.StartsWith("field \"market\": expected an id of 1 to 128",
            BothError($$"""{"type":"mark","market":"{{id}}","price":"1"}"""));
        Assert.StartsWith("field \"seller\": expected an id",
            BothError($$"""{"type":"trade","market":"M","buyer":"b","seller":"{{id}}","price":"1","quantity":"1"}"""));
    }

    [Fact]
    public void Parse_LongIds_128IsTheLimitAndA30000CharacterIdIsNotEchoedWhole()
    {
        var ok = new string('a', 128);
        Assert.Equal(ok, ((DepositCommand)CommandParser.Parse($$"""{"type":"deposit","account":"{{ok}}","amount":"1"}""")).Account.Value);
        Assert.Equal(ok, ((DepositCommand)new Utf8CommandParser().Parse(Encoding.UTF8.GetBytes($$"""{"type":"deposit","account":"{{ok}}","amount":"1"}"""))).Account.Value);
        Assert.StartsWith("field \"account\": expected an id", BothError($$"""{"type":"deposit","account":"{{new string('a', 129)}}","amount":"1"}"""));
        var message = BothError($$"""{"type":"deposit","account":"{{new string('a', 30_000)}}","amount":"1"}""");
        Assert.EndsWith("... (30000 characters)\"", message);
        Assert.True(message.Length < 300, message);
    }

    [Fact]
    public void Parse_IdsOfEveryAllowedCharacter_Accepted()
    {
        const string id = "AZaz09._-:@";
        var line = $$"""{"type":"deposit","account":"{{id}}","amount":"1"}""";
        Assert.Equal(id, ((DepositCommand)CommandParser.Parse(line)).Account.Value);
        var parser = new Utf8CommandParser();
        Assert.Equal(id, ((DepositCommand)parser.Parse(Encoding.UTF8.GetBytes(line))).Account.Value);
        Assert.Equal(1, parser.FastLines);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })] // a lead byte without its continuation
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate
    [InlineData(new byte[] { 0xC0, 0xAF })] // an overlong '/'
    public void Parse_InvalidUtf8_AnErrorNotAReplacementCharacter(byte[] bad)
    {
        // two different byte strings used to be one account ("a\uFFFD"): now neither is an account
        var line = Encoding.UTF8.GetBytes("{\"type\":\"deposit\",\"account\":\"a").Concat(bad).Concat(Encoding.UTF8.GetBytes("\",\"amount\":\"1\"}")).ToArray();
        Assert.Equal("invalid UTF-8: byte 31 of the line is not part of a UTF-8 character (the line must be UTF-8 text)", Utf8Error(line));
    }

    [Fact]
    public void Parse_TextWithALoneSurrogate_Error() =>
        Assert.StartsWith("invalid text: character 31 is half of a UTF-16 surrogate pair", TextError("{\"type\":\"deposit\",\"account\":\"a\ud800\",\"amount\":\"1\"}"));

    [Fact]
    public void Schema_EveryFlatCommand_DecidedByTheFastPathFromTheTable()
    {
        foreach (var shape in CommandSchema.Commands)
        {
            var fields = shape.Shape.Fields.Skip(1).Select(f => $"\"{f.Name}\":{Sample(f.Kind)}");
            var line = $"{{\"type\":\"{shape.Type}\"," + string.Join(",", fields) + "}";
            var parser = new Utf8CommandParser();
            var fast = parser.Parse(Encoding.UTF8.GetBytes(line));
            Assert.Equal(Utf8CommandParserTest.Describe(CommandParser.Parse(line)), Utf8CommandParserTest.Describe(fast));
            Assert.Equal(new Core.Numbers.Timestamp(1_760_130_964_831_000), fast.Time);
            Assert.True((shape.Build is null ? parser.SlowLines : parser.FastLines) == 1, line);

            foreach (var required in shape.Shape.Fields.Skip(1).Where(f => f.Required))
            {
                var without = $"{{\"type\":\"{shape.Type}\"," + string.Join(",", shape.Shape.Fields.Skip(1).Where(f => f != required).Select(f => $"\"{f.Name}\":{Sample(f.Kind)}")) + "}";
                Assert.StartsWith($"missing field \"{required.Name}\" in {shape.Type}", BothError(without));
            }
        }
    }

    private static string Sample(FieldKind kind) => kind switch
    {
        FieldKind.Time => "\"2025-10-10T21:16:04.831Z\"",
        FieldKind.Account or FieldKind.Market => "\"BTC-PERP\"",
        FieldKind.Money or FieldKind.Rate or FieldKind.Decimal => "\"0.5\"",
        FieldKind.Bool => "true",
        FieldKind.Levels => "[[\"1\",\"2\"]]",
        FieldKind.Names => "[]",
        FieldKind.Name => "null", // absent: each name field has values of its own
        FieldKind.Object => "null", // absent: a nested object has required fields of its own
        FieldKind.Objects => "[{\"maxNotional\":\"1000\",\"initialMargin\":\"0.5\",\"maintenanceMargin\":\"0.25\"}]",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
