using System.Text.Json;

namespace SocialLoss.Cli.Tests;

/// <summary>
/// Issue 12 items 1, 4 and 5 through <c>socialloss replay</c>: sums past the engine's bounds are <c>rejected</c>
/// (code <c>overflow</c>) and the run goes on; an insolvent insurance fund's loss becomes deficit; a trade outside
/// the market's price band is <c>rejected</c> (code <c>priceBand</c>).
/// </summary>
public class TotalEngineTest
{
    private static (int Exit, string[] Events, JsonDocument? State, string Stderr) Replay(string commands)
    {
        var events = CliRunner.TempFile("events.jsonl");
        var state = CliRunner.TempFile("state.json");
        var r = CliRunner.Run(null, "replay", CliRunner.TempFile("c.jsonl", commands), "--events", events, "--state", state, "--check");
        var doc = File.Exists(state) && new FileInfo(state).Length > 0 ? JsonDocument.Parse(File.ReadAllText(state)) : null;
        return (r.ExitCode, File.Exists(events) ? File.ReadAllLines(events) : [], doc, r.Stderr);
    }

    private static string Rejection(string[] events, int cmd) =>
        events.Single(l => l.Contains($"\"cmd\":{cmd},") && l.Contains("\"type\":\"rejected\""));

    // Issue 12 item 1: two deposits of 5,000,000,000,000 ended replay with an unhandled OverflowException (exit 1);
    // insurance, sitg and member defaultFund did the same.
    [Theory]
    [InlineData("""{"type":"deposit","account":"a","amount":"600000000000"}""")]
    [InlineData("""{"type":"insurance","amount":"600000000000"}""")]
    [InlineData("""{"type":"sitg","amount":"600000000000"}""")]
    [InlineData("""{"type":"member","account":"a","defaultFund":"600000000000"}""")]
    public void Replay_SameHugeAmountTwice_SecondRejectedAsOverflowAndRunGoesOn(string line)
    {
        var (exit, events, state, stderr) = Replay($"{line}\n{line}\n{{\"type\":\"deposit\",\"account\":\"b\",\"amount\":\"1\"}}\n");
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"code\":\"overflow\"", Rejection(events, 2));
        Assert.Contains("1000000000000", Rejection(events, 2)); // the bound is named
        Assert.Contains(events, l => l.Contains("\"cmd\":3,") && l.Contains("\"type\":\"deposited\""));
        Assert.Equal("600000000001", state!.RootElement.GetProperty("totals").GetProperty("netDeposits").GetString());
    }

    [Fact]
    public void Replay_IssueTwoDepositsOfFiveTrillion_BothRejectedNotACrash()
    {
        const string line = """{"type":"deposit","account":"a","amount":"5000000000000"}""";
        var (exit, events, state, stderr) = Replay($"{line}\n{line}\n");
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"code\":\"overflow\"", Rejection(events, 1));
        Assert.Contains("\"code\":\"overflow\"", Rejection(events, 2));
        Assert.Equal("0", state!.RootElement.GetProperty("totals").GetProperty("netDeposits").GetString());
    }

    [Fact]
    public void Replay_DepositUpToTheBound_AcceptedOneMicroMore_Rejected()
    {
        var (exit, events, _, stderr) = Replay("""
            {"type":"deposit","account":"a","amount":"999999999999.999999"}
            {"type":"deposit","account":"b","amount":"0.000001"}
            {"type":"deposit","account":"b","amount":"0.000001"}
            """);
        Assert.True(exit == 0, stderr);
        Assert.Equal(2, events.Count(l => l.Contains("\"type\":\"deposited\"")));
        Assert.Contains("\"code\":\"overflow\"", Rejection(events, 3));
    }

    private const string Market = """{"type":"market","market":"BTC","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","priceBand":"0.1"}""";

    // Issue 12 item 5, the Mango Markets shape: a long at 60,000 sells to a friend at 0.1 (risk-reducing, so
    // accepted without a band): bad debt 56,899.9, the fund emptied, honest winners clawed back.
    [Fact]
    public void Replay_RiskReducingTradeFarFromTheMark_RejectedAsPriceBand()
    {
        var (exit, events, state, stderr) = Replay($$"""
            {"type":"config","closeout":["book","adl"],"waterfall":["insurance","clawback"]}
            {{Market}}
            {"type":"insurance","amount":"10000"}
            {"type":"deposit","account":"attacker","amount":"6000"}
            {"type":"deposit","account":"friend","amount":"20000"}
            {"type":"deposit","account":"honest","amount":"100000"}
            {"type":"mark","market":"BTC","price":"60000"}
            {"type":"trade","market":"BTC","buyer":"attacker","seller":"honest","price":"60000","quantity":"1"}
            {"type":"trade","market":"BTC","buyer":"friend","seller":"attacker","price":"0.1","quantity":"1"}
            {"type":"trade","market":"BTC","buyer":"friend","seller":"attacker","price":"66000.1","quantity":"1"}
            {"type":"trade","market":"BTC","buyer":"friend","seller":"attacker","price":"66000","quantity":"1"}
            """);
        Assert.True(exit == 0, stderr);
        var rejected = Rejection(events, 9);
        Assert.Contains("\"code\":\"priceBand\"", rejected);
        Assert.Contains("0.1 of the mark 60000", rejected);
        Assert.Contains("\"code\":\"priceBand\"", Rejection(events, 10)); // 10% and one tick above
        Assert.Contains(events, l => l.Contains("\"cmd\":11,") && l.Contains("\"type\":\"traded\"")); // exactly 10% away: inside
        Assert.DoesNotContain(events, l => l.Contains("\"type\":\"badDebt\"") || l.Contains("\"type\":\"clawback\""));
        Assert.Equal("10000", state!.RootElement.GetProperty("insuranceFund").GetString());
        Assert.Equal("0.1", state.RootElement.GetProperty("markets").GetProperty("BTC").GetProperty("priceBand").GetString());
    }

    // A banded market has no reference before its first mark: the first trade would set the mark at any price.
    [Fact]
    public void Replay_TradeInBandedMarketWithoutMark_RejectedAsNoMark()
    {
        var (exit, events, _, stderr) = Replay($$"""
            {{Market}}
            {"type":"deposit","account":"a","amount":"1000"}
            {"type":"deposit","account":"b","amount":"1000"}
            {"type":"trade","market":"BTC","buyer":"a","seller":"b","price":"100","quantity":"1"}
            """);
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"code\":\"noMark\"", Rejection(events, 4));
    }

    [Fact]
    public void Replay_PriceBandOutOfRange_MarketRejected()
    {
        var (exit, events, _, stderr) = Replay(Market.Replace("\"0.1\"}", "\"1.5\"}"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("priceBand: must be between 0 (no band) and 1", Rejection(events, 1));
    }

    // Issue 12 item 4: with closeout ["book"] the fund took positions over at the mark; on a harsh crash it ended with
    // negative cash and equity while deficit was 0 and --check passed, and the funding its positions paid had no
    // insuranceFund event.
    private static string HarshCrash(string closeout) => $$"""
        {"type":"config","closeout":{{closeout}},"waterfall":["insurance"]}
        {"type":"market","market":"BTC","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05"}
        {"type":"insurance","amount":"1000"}
        {"type":"deposit","account":"alice","amount":"10000"}
        {"type":"deposit","account":"bob","amount":"100000"}
        {"type":"trade","market":"BTC","buyer":"alice","seller":"bob","price":"10000","quantity":"10"}
        {"type":"book","market":"BTC","bids":[["9400","1"]],"asks":[]}
        {"type":"mark","market":"BTC","price":"9400"}
        {"type":"funding","market":"BTC","rate":"0.01"}
        {"type":"mark","market":"BTC","price":"5000"}
        {"type":"mark","market":"BTC","price":"4000"}
        """;

    [Fact]
    public void Replay_HarshCrashWithBookOnly_FundLossBecomesDeficitAndFundingIsAFundEvent()
    {
        var (exit, events, state, stderr) = Replay(HarshCrash("""["book"]"""));
        Assert.True(exit == 0, stderr); // --check: the fund's equity never stays below zero
        // line 8: the book takes 1 at 9,400, the fund the other 9 at the mark
        Assert.Contains(events, l => l.Contains("\"cmd\":8,") && l.Contains("\"via\":\"fund\"") && l.Contains("\"quantity\":\"9\""));
        // line 9: the fund's long pays 1% of 9 x 9,400 = 846, in an insuranceFund event, not a funded one
        Assert.Contains(events, l => l.Contains("\"cmd\":9,") && l.Contains("\"type\":\"insuranceFund\"") && l.Contains("\"change\":\"-846\"")
            && l.Contains("\"balance\":\"154\"") && l.Contains("\"reason\":\"funding\""));
        Assert.DoesNotContain(events, l => l.Contains("\"type\":\"funded\"") && l.Contains("\"account\":\"insurance\""));
        // line 10: the fund's equity is 154 + 9 x (5,000 - 9,400) = -39,446; no rung takes its position: deficit
        Assert.Contains(events, l => l.Contains("\"cmd\":10,") && l.Contains("\"type\":\"deficit\"") && l.Contains("\"change\":\"39446\"")
            && l.Contains("\"account\":\"insurance\""));
        // line 11: 9 x 1,000 more
        Assert.Contains(events, l => l.Contains("\"cmd\":11,") && l.Contains("\"type\":\"deficit\"") && l.Contains("\"change\":\"9000\""));
        var root = state!.RootElement;
        Assert.Equal("48446", root.GetProperty("deficit").GetString());
        Assert.Equal("0", root.GetProperty("accounts").GetProperty("insurance").GetProperty("equity").GetString());
    }

    [Fact]
    public void Replay_HarshCrashWithAdl_InsolventFundDeleveragedAgainstTheWinner()
    {
        // fund-depleted: the fund (1,000) absorbs alice's close-out and takes 9 over; then ADL closes the fund's
        // insolvent long against bob when the fund's equity goes below zero
        var (exit, events, state, stderr) = Replay(
            HarshCrash("""["book","adl"]""").Replace("\"waterfall\"", "\"adl\":{\"trigger\":\"fund-depleted\"},\"waterfall\""));
        Assert.True(exit == 0, stderr);
        Assert.Contains(events, l => l.Contains("\"cmd\":8,") && l.Contains("\"via\":\"fund\""));
        Assert.Contains(events, l => l.Contains("\"cmd\":10,") && l.Contains("\"type\":\"liquidated\"") && l.Contains("\"account\":\"insurance\""));
        Assert.Contains(events, l => l.Contains("\"cmd\":10,") && l.Contains("\"type\":\"deleveraged\"") && l.Contains("\"account\":\"bob\"")
            && l.Contains("\"counterparty\":\"insurance\""));
        var fund = state!.RootElement.GetProperty("accounts").GetProperty("insurance");
        Assert.Empty(fund.GetProperty("positions").EnumerateObject());
        Assert.False(fund.GetProperty("equity").GetString()!.StartsWith('-'));
    }
}
