using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract.Tests;

public class CommandParserTest
{
    [Fact]
    public void Parse_Deposit_ReadsStringsAndNumbers()
    {
        var a = Assert.IsType<DepositCommand>(CommandParser.Parse("""{"type":"deposit","account":"alice","amount":"1000.5"}"""));
        var b = Assert.IsType<DepositCommand>(CommandParser.Parse("""{"type":"deposit","account":"alice","amount":1000.5}"""));
        Assert.Equal(new AccountId("alice"), a.Account);
        Assert.Equal(new Money(1_000_500_000), a.Amount);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Parse_Config_ReadsEveryField()
    {
        var c = Assert.IsType<ConfigureCommand>(CommandParser.Parse(
            """{"type":"config","closeout":["book","backstop","adl"],"adl":{"ranking":"hyperliquid","price":"mark"},"waterfall":["insurance","clawback"],"clawback":{"method":"pro-rata","base":"unrealized-pnl"},"withdrawalHaircut":true,"backstop":{"price":"mark"}}"""));
        Assert.Equal([CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl], c.Config.CloseOut);
        Assert.Equal(AdlRankingKind.Hyperliquid, c.Config.AdlRanking);
        Assert.Equal(ClosePrice.Mark, c.Config.AdlPrice);
        Assert.Equal([WaterfallStageKind.Insurance, WaterfallStageKind.Clawback], c.Config.Waterfall);
        Assert.True(c.Config.WithdrawalHaircut);
        Assert.Equal(ClosePrice.Mark, c.Config.BackstopPrice);
    }

    [Fact]
    public void Parse_ConfigWithoutFields_UsesTheContractDefaults()
    {
        var c = Assert.IsType<ConfigureCommand>(CommandParser.Parse("""{"type":"config"}"""));
        Assert.Equal([CloseOutStage.Book, CloseOutStage.Adl], c.Config.CloseOut);
        Assert.Equal(AdlRankingKind.Bitmex, c.Config.AdlRanking);
        Assert.Equal(ClosePrice.Bankruptcy, c.Config.AdlPrice);
        Assert.Equal([WaterfallStageKind.Insurance], c.Config.Waterfall);
    }

    [Fact]
    public void Parse_MarketWithTiers_ReadsTiers()
    {
        var m = Assert.IsType<ListMarketCommand>(CommandParser.Parse(
            """{"type":"market","market":"BTC-PERP","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","liquidationFee":"0","tiers":[{"maxNotional":"50000","initialMargin":"0.02","maintenanceMargin":"0.01"}]}"""));
        Assert.Equal(0.1m, m.TickSize);
        Assert.Single(m.Tiers);
        Assert.Equal(Money.FromUnits(50_000), m.Tiers[0].MaxNotional);
        Assert.Equal(Rate.Parse("0.01"), m.Tiers[0].MaintenanceMargin);
    }

    [Fact]
    public void Parse_Book_ReadsLevels()
    {
        var b = Assert.IsType<BookCommand>(CommandParser.Parse("""{"type":"book","market":"BTC-PERP","bids":[["94.5","3"],["94","10"]],"asks":[["95.5","3"]]}"""));
        Assert.Equal([(94.5m, 3m), (94m, 10m)], b.Bids);
        Assert.Equal([(95.5m, 3m)], b.Asks);
    }

    [Theory]
    [InlineData("""{"type":"deposit","account":"alice","amont":"1"}""", "unknown field \"amont\" in deposit")]
    [InlineData("""{"type":"deposit","account":"alice"}""", "missing field \"amount\" in deposit")]
    [InlineData("""{"type":"deposit","account":"alice","amount":"1.2.3"}""", "field \"amount\": expected a decimal number")]
    [InlineData("""{"type":"deposit","account":"alice","amount":"0.0000001"}""", "field \"amount\": number 0.0000001 has more than 6 decimal places")]
    [InlineData("""{"type":"deposit","account":"alice","amount":1e3}""", "field \"amount\": expected a decimal number")]
    [InlineData("""{"type":"deposit","account":42,"amount":"1"}""", "field \"account\": expected a string, got the number 42")]
    [InlineData("""{"type":"depsit","account":"alice","amount":"1"}""", "unknown command type \"depsit\"")]
    [InlineData("""{"account":"alice"}""", "missing field \"type\"")]
    [InlineData("""{"type":"deposit",""", "invalid JSON")]
    [InlineData("""[1,2]""", "expected a JSON object, got an array")]
    [InlineData("""{"type":"config","adl":{"ranking":"fastest"}}""", "field \"adl.ranking\": unknown value \"fastest\"")]
    [InlineData("""{"type":"config","closeout":["book","auction"]}""", "field \"closeout[1]\": unknown value \"auction\"")]
    [InlineData("""{"type":"config","adl":{"ranking":"bitmex","speed":"1"}}""", "unknown field \"adl.speed\"")]
    [InlineData("""{"type":"market","market":"X","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05","tiers":[{"maxNotional":"1"}]}""", "missing field \"tiers[0].initialMargin\"")]
    [InlineData("""{"type":"book","market":"X","bids":[["1"]]}""", "field \"bids[0]\": expected [price, quantity]")]
    [InlineData("""{"type":"backstop","account":"v","enabled":"yes"}""", "field \"enabled\": expected true or false")]
    [InlineData("""{"type":"trade","market":"X","buyer":"","seller":"b","price":"1","quantity":"1"}""", "field \"buyer\": expected a non-empty string")]
    // found by the UTF-8 parser's random corruptions: JsonDocument accepts the escape, GetString cannot decode it
    [InlineData("""{"type":"deposit","account":"\ude00","amount":"1"}""", "invalid JSON: a string holds an escaped lone UTF-16 surrogate")]
    [InlineData("""{"type":"mark","market":"X\ud800","price":"1"}""", "invalid JSON: a string holds an escaped lone UTF-16 surrogate")]
    public void Parse_MalformedLine_NamesTheFieldAndWhatWasExpected(string line, string expected)
    {
        var e = Assert.Throws<CommandFormatException>(() => CommandParser.Parse(line));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("// a comment")]
    [InlineData("  // indented comment")]
    public void IsSkippable_BlankAndCommentLines_True(string line) => Assert.True(CommandParser.IsSkippable(line));

    [Fact]
    public void IsSkippable_Command_False() => Assert.False(CommandParser.IsSkippable("""{"type":"insurance","amount":"1"}"""));
}
