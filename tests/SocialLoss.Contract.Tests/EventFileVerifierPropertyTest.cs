using System.Globalization;
using System.Text;
using CsCheck;
using SocialLoss.Core.Engine;

namespace SocialLoss.Contract.Tests;

/// <summary>
/// Issue 12 items 1 and 7 over random command files with extreme values (near the bounds, zero, negative, huge
/// prices and quantities): the replay never throws and keeps the invariants after every command (<c>--check</c>),
/// and <c>verify</c> reads everything the replay writes: every event fits the state before it, the chain holds and
/// every field of the state file matches. Events are written the way <c>socialloss replay</c> writes them.
/// </summary>
public class EventFileVerifierPropertyTest
{
    private static readonly string[] Accounts = ["a", "b", "c", "d", "vault"];

    private static readonly string[] Amounts =
        ["1", "10", "250.5", "1000", "50000", "0", "-5", "0.000001", "600000000000", "999999999999.999999", "1000000000000",
            "5000000000000", "9223372036854.775807"];

    private static readonly string[] Prices = ["100", "95", "120", "60", "1", "0.1", "0", "100000", "1000000000000", "9000000000000000"];

    private static readonly string[] Quantities = ["1", "0.5", "10", "0.001", "0", "-1", "1000000", "9000000000000"];

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];

    private static string RandomFile(Random r)
    {
        var s = new StringBuilder();
        string[] closeouts = ["[\"book\"]", "[\"book\",\"adl\"]", "[\"book\",\"backstop\",\"adl\"]", "[\"adl\"]"];
        string[] waterfalls = ["[\"insurance\"]", "[\"insurance\",\"clawback\"]", "[\"clawback\",\"insurance\"]"];
        s.AppendLine($$"""{"type":"config","closeout":{{Pick(r, closeouts)}},"waterfall":{{Pick(r, waterfalls)}}}""");
        string band = r.Next(3) == 0 ? ",\"priceBand\":\"0.2\"" : "";
        s.AppendLine($$"""{"type":"market","market":"M","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","liquidationFee":"0.01"{{band}}}""");
        if (r.Next(2) == 0)
            s.AppendLine("""{"type":"market","market":"N","tickSize":"1","lotSize":"1","initialMargin":"0.2","maintenanceMargin":"0.1"}""");
        s.AppendLine("""{"type":"mark","market":"M","price":"100"}""");
        int n = r.Next(5, 60);
        for (int i = 0; i < n; i++)
        {
            string market = r.Next(4) == 0 ? "N" : "M";
            string a = Pick(r, Accounts), b = Pick(r, Accounts);
            s.AppendLine(r.Next(14) switch
            {
                0 or 1 => $$"""{"type":"deposit","account":"{{a}}","amount":"{{Pick(r, Amounts)}}"}""",
                2 => $$"""{"type":"withdraw","account":"{{a}}","amount":"{{Pick(r, Amounts)}}"}""",
                3 or 4 or 5 => $$"""{"type":"trade","market":"{{market}}","buyer":"{{a}}","seller":"{{b}}","price":"{{Pick(r, Prices)}}","quantity":"{{Pick(r, Quantities)}}"}""",
                6 or 7 => $$"""{"type":"mark","market":"{{market}}","price":"{{Pick(r, Prices)}}"}""",
                8 => $$"""{"type":"funding","market":"{{market}}","rate":"{{(r.Next(2) == 0 ? "0.01" : "-0.5")}}"}""",
                9 => $$"""{"type":"book","market":"{{market}}","bids":[["{{Pick(r, Prices)}}","{{Pick(r, Quantities)}}"]],"asks":[["{{Pick(r, Prices)}}","{{Pick(r, Quantities)}}"]]}""",
                10 => $$"""{"type":"insurance","amount":"{{Pick(r, Amounts)}}"}""",
                11 => r.Next(2) == 0
                    ? $$"""{"type":"sitg","amount":"{{Pick(r, Amounts)}}"}"""
                    : $$"""{"type":"member","account":"{{a}}","defaultFund":"{{Pick(r, Amounts)}}"}""",
                12 => $$"""{"type":"default","account":"{{a}}"}""",
                _ => $$"""{"type":"backstop","account":"{{a}}","enabled":{{(r.Next(2) == 0 ? "true" : "false")}}}""",
            });
        }

        return s.ToString();
    }

    /// <summary>Replays like <c>socialloss replay --check --events --state</c>; returns the outcome, events and state text.</summary>
    private static (ReplayOutcome Outcome, string? Error, string Events, string State) Replay(string commands)
    {
        var replay = new Replay();
        using var output = new MemoryStream();
        var chained = new ChainingStream(output);
        var outcome = replay.Run(new MemoryStream(Encoding.UTF8.GetBytes(commands)), chained, check: true);
        chained.Finish();
        return (outcome, replay.Error, Encoding.UTF8.GetString(output.ToArray()), StateWriter.Write(replay.Engine.Ledger, chained.Chain));
    }

    private static EventFileVerifier Verify(string events, string state, out VerifyOutcome outcome)
    {
        var verifier = new EventFileVerifier();
        outcome = verifier.ReadEvents(events.Split('\n'));
        if (outcome == VerifyOutcome.Matches)
            outcome = verifier.CompareState(state);
        return verifier;
    }

    [Fact]
    public void ReplayThenVerify_RandomFilesWithExtremeValues_NeverThrowKeepInvariantsAndVerify() =>
        Gen.Int.Sample(seed =>
        {
            var file = RandomFile(new Random(seed));
            var (outcome, error, events, state) = Replay(file);
            Assert.True(outcome == ReplayOutcome.Completed, $"seed {seed}: {error}\n{file}");
            var verifier = Verify(events, state, out var verified);
            Assert.True(verified == VerifyOutcome.Matches, $"seed {seed}: {verifier.Error}\n{file}");
        }, iter: 300);

    // Issue 12 item 7: verify could not read replay's own output, "price 1000000000060000 is out of range"
    // (a 1e12 deposit, a tiny short, a default and a mark: the bankruptcy price is far above a command's range).
    [Fact]
    public void Verify_BankruptcyPriceBeyondACommandsRange_ReadsIt()
    {
        var (outcome, error, events, state) = Replay("""
            {"type":"market","market":"M","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05"}
            {"type":"deposit","account":"a","amount":"999999000000"}
            {"type":"deposit","account":"b","amount":"1000"}
            {"type":"trade","market":"M","buyer":"b","seller":"a","price":"60","quantity":"0.001"}
            {"type":"default","account":"a"}
            {"type":"mark","market":"M","price":"60"}
            """);
        Assert.True(outcome == ReplayOutcome.Completed, error);
        Assert.Contains("\"type\":\"liquidated\"", events);
        var verifier = Verify(events, state, out var verified);
        Assert.True(verified == VerifyOutcome.Matches, verifier.Error);
    }

    private static (string Events, string State) Crash()
    {
        var (outcome, error, events, state) = Replay("""
            {"type":"config","closeout":["book","adl"],"waterfall":["insurance","clawback"]}
            {"type":"market","market":"M","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05","liquidationFee":"0.01"}
            {"type":"insurance","amount":"50"}
            {"type":"deposit","account":"alice","amount":"1000"}
            {"type":"deposit","account":"bob","amount":"5000"}
            {"type":"deposit","account":"carol","amount":"500"}
            {"type":"deposit","account":"dave","amount":"5000"}
            {"type":"trade","market":"M","buyer":"alice","seller":"bob","price":"100","quantity":"60"}
            {"type":"trade","market":"M","buyer":"carol","seller":"dave","price":"100","quantity":"40"}
            {"type":"mark","market":"M","price":"99"}
            {"type":"book","market":"M","bids":[["95","60"],["50","100"]],"asks":[]}
            {"type":"mark","market":"M","price":"85"}
            """);
        Assert.True(outcome == ReplayOutcome.Completed, error);
        return (events, state);
    }

    private static string EditLine(string events, string type, string field, string value, bool keepChain)
    {
        var lines = events.Split('\n');
        int i = Array.FindIndex(lines, l => l.Contains($"\"type\":\"{type}\""));
        Assert.True(i >= 0, type);
        var edited = System.Text.RegularExpressions.Regex.Replace(lines[i], $"\"{field}\":\"[^\"]*\"", $"\"{field}\":\"{value}\"");
        Assert.NotEqual(lines[i], edited);
        lines[i] = keepChain ? edited : System.Text.RegularExpressions.Regex.Replace(edited, ",\"chain\":\"[0-9a-f]+\"", "");
        return string.Join('\n', lines);
    }

    private static int LineOf(string events, string type) => Array.FindIndex(events.Split('\n'), l => l.Contains($"\"type\":\"{type}\"")) + 1;

    // Issue 12 item 7: an edited intermediate marked.price, insuranceFund.balance, liquidated.fee or bankruptcyPrice
    // still printed "matches". Each is now named by its line: by the chain, and (with the chain stripped from every
    // line) by the check against the state rebuilt so far where the field can be derived from it.
    [Theory]
    [InlineData("marked", "price", "1")]
    [InlineData("insuranceFund", "balance", "12345")]
    [InlineData("liquidated", "fee", "7")]
    [InlineData("liquidated", "bankruptcyPrice", "7")]
    [InlineData("deposited", "amount", "999")]
    public void Verify_EditedLine_NamedByItsChain(string type, string field, string value)
    {
        var (events, state) = Crash();
        var edited = EditLine(events, type, field, value, keepChain: true);
        var verifier = Verify(edited, state, out var outcome);
        Assert.Equal(VerifyOutcome.Differs, outcome);
        Assert.StartsWith($"line {LineOf(events, type)}: its chain", verifier.Error);
    }

    [Theory]
    [InlineData("insuranceFund", "balance", "12345", "balance 12345, but the fund held 0")]
    [InlineData("liquidated", "bankruptcyPrice", "7", "bankruptcyPrice 7, but the state gives")]
    [InlineData("liquidated", "equity", "7", "equity 7, but alice's is")]
    [InlineData("badDebt", "amount", "1", "amount 1, but carol owes")]
    public void Verify_EditedFieldWithoutChains_CaughtByTheStateSoFar(string type, string field, string value, string message)
    {
        var (events, state) = Crash();
        var unchained = System.Text.RegularExpressions.Regex.Replace(events, ",\"chain\":\"[0-9a-f]+\"", "");
        var verifier = Verify(EditLine(unchained, type, field, value, keepChain: false), state, out var outcome);
        Assert.Equal(VerifyOutcome.Invalid, outcome);
        Assert.StartsWith($"line {LineOf(events, type)}: ", verifier.Error);
        Assert.Contains(message, verifier.Error);
    }

    [Fact]
    public void Verify_EditedLiquidationFeeWithoutChains_NamedAtThePayment()
    {
        var (events, state) = Crash();
        var unchained = System.Text.RegularExpressions.Regex.Replace(events, ",\"chain\":\"[0-9a-f]+\"", "");
        var verifier = Verify(EditLine(unchained, "liquidated", "fee", "7", keepChain: false), state, out var outcome);
        Assert.Equal(VerifyOutcome.Invalid, outcome);
        Assert.Contains($"but the liquidation in event {LineOf(events, "liquidated")} announced 7 from alice", verifier.Error);
    }

    [Theory]
    [InlineData("deficit", "\"1\"")]
    [InlineData("insuranceFund", "\"99999\"")]
    [InlineData("sitg", "\"3\"")]
    public void Verify_EditedStateField_Named(string field, string value)
    {
        var (events, state) = Crash();
        var edited = System.Text.RegularExpressions.Regex.Replace(state, $"\"{field}\": \"[^\"]*\"", $"\"{field}\": {value}");
        Assert.NotEqual(state, edited);
        var verifier = Verify(events, edited, out var outcome);
        Assert.Equal(VerifyOutcome.Differs, outcome);
        Assert.StartsWith($"state file: \"{field}\" is {value}, the events give", verifier.Error);
    }

    [Fact]
    public void Verify_RemovedOrAppendedLine_Named()
    {
        var (events, state) = Crash();
        var lines = events.TrimEnd('\n').Split('\n');
        var removed = string.Join('\n', lines.Where((_, i) => i != 4));
        var verifier = Verify(removed, state, out var outcome);
        Assert.Equal(VerifyOutcome.Differs, outcome);
        Assert.StartsWith("line 5: its chain", verifier.Error);
        // the last line removed: every line left holds, the state file's count and chain do not
        verifier = Verify(string.Join('\n', lines[..^1]), state, out outcome);
        Assert.Equal(VerifyOutcome.Differs, outcome);
        Assert.StartsWith("state file: ", verifier.Error);
    }

    [Fact]
    public void Verify_StateFileNotJson_Invalid()
    {
        var (events, _) = Crash();
        var verifier = Verify(events, "not json", out var outcome);
        Assert.Equal(VerifyOutcome.Invalid, outcome);
        Assert.StartsWith("state file: not JSON", verifier.Error);
    }

    [Fact]
    public void EventChain_EveryLineCarriesItsLink_AndTheStateTheLast()
    {
        var (events, state) = Crash();
        var lines = events.TrimEnd('\n').Split('\n');
        var chain = new EventChain();
        foreach (var line in lines)
        {
            Assert.True(EventChain.TrySplit(Encoding.UTF8.GetBytes(line), out int length, out var tag));
            Assert.Equal(chain.Next(EventChain.Body(Encoding.UTF8.GetBytes(line), length)), tag);
        }

        Assert.Contains($"\"chain\": \"{chain.Digest}\"", state);
        Assert.Contains($"\"count\": {lines.Length.ToString(CultureInfo.InvariantCulture)}", state);
        Assert.Null(Invariants.Check(new EventReader().Ledger));
    }
}
