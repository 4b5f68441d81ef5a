using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Contract.Tests;

public class ReplayTest
{
    internal const string Crash = """
        {"type":"config","closeout":["book","adl"],"adl":{"ranking":"bitmex","price":"bankruptcy"},"waterfall":["insurance","clawback"]}
        {"type":"market","market":"BTC-PERP","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","liquidationFee":"0.01"}
        {"type":"insurance","amount":"50"}
        {"type":"deposit","account":"alice","amount":"1000"}
        {"type":"deposit","account":"bob","amount":"5000"}
        {"type":"deposit","account":"carol","amount":"5000"}
        {"type":"trade","market":"BTC-PERP","buyer":"alice","seller":"bob","price":"100","quantity":"60"}
        {"type":"trade","market":"BTC-PERP","buyer":"carol","seller":"bob","price":"100","quantity":"10"}
        {"type":"book","market":"BTC-PERP","bids":[["90","20"],["80","20"]],"asks":[]}
        {"type":"mark","market":"BTC-PERP","price":"86"}
        {"type":"withdraw","account":"carol","amount":"100000"}
        """;

    [Fact]
    public void Run_Crash_WritesOneJsonEventPerLineWithSeqAndCmd()
    {
        var replay = new Replay(collectEvents: true);
        var output = new StringWriter { NewLine = "\n" };
        Assert.Equal(ReplayOutcome.Completed, replay.Run(new StringReader(Crash), output, check: true));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(replay.Events.Count, lines.Length);
        for (int i = 0; i < lines.Length; i++)
            Assert.StartsWith($$"""{"seq":{{i + 1}},"cmd":""", lines[i]);
        Assert.Contains(lines, l => l.Contains("\"type\":\"liquidated\"") && l.Contains("\"account\":\"alice\""));
        // carol: 5000, long 10 @ 100, mark 86 → equity 4860, IM 0.1 x 860 = 86 → free = min(5000, 4860) − 86 = 4774.
        Assert.EndsWith(""","cmd":11,"type":"rejected","code":"insufficientFreeCollateral","reason":"withdrawal of 100000 exceeds free collateral 4774"}""", lines[^1]);
    }

    [Fact]
    public void Run_Crash_EventsMatchTheHandComputedLadder()
    {
        var replay = new Replay(collectEvents: true);
        replay.Run(new StringReader(Crash), null, check: true);
        var writer = new EventWriter(replay.Engine.Ledger);
        var lines = replay.Events.Where(e => e.Cmd == 10).Select(writer.Format).ToArray();
        // Mark 86: alice equity = 1000 + 60 x (86 − 100) = 160 < MM = 0.05 x 60 x 86 = 258 → liquidated.
        // Bankruptcy price = 100 − 1000/60 = 83.333.. → rounded up to the tick: 83.4.
        // Book: 20 @ 90 and 20 @ 80, then ADL of the rest (20) against the best-ranked short (bob) at the
        // bankruptcy price of what is left: balance after the book = 1000 + 20x(90−100) + 20x(80−100) = 400,
        // remaining long 20 with cost 2000 → BP = (2000 − 400)/20 = 80.
        // Fee = 1% of notional 20x90 + 20x80 + 20x80 = 5000 → 50, capped by equity left (0) → 0.
        Assert.Equal(
        [
            """{"seq":10,"cmd":10,"type":"marked","market":"BTC-PERP","price":"86"}""",
            """{"seq":11,"cmd":10,"type":"liquidated","account":"alice","market":"BTC-PERP","quantity":"60","price":"86","bankruptcyPrice":"83.4","fee":"0","equity":"160","maintenanceMargin":"258"}""",
            """{"seq":12,"cmd":10,"type":"closedOut","account":"alice","market":"BTC-PERP","counterparty":"market","via":"book","quantity":"20","price":"90"}""",
            """{"seq":13,"cmd":10,"type":"closedOut","account":"alice","market":"BTC-PERP","counterparty":"market","via":"book","quantity":"20","price":"80"}""",
            """{"seq":14,"cmd":10,"type":"deleveraged","account":"bob","counterparty":"alice","market":"BTC-PERP","quantity":"20","price":"80","rank":1}""",
        ], lines);
        Assert.Null(Invariants.Check(replay.Engine.Ledger));
        Assert.Equal("0", replay.Engine.Ledger.Account(new("alice"))!.Balance.ToString());
    }

    [Fact]
    public void Run_MalformedLine_StopsThereWithLineNumberAfterEarlierEvents()
    {
        const string input = """
            {"type":"deposit","account":"alice","amount":"10"}

            // comment
            {"type":"deposit","account":"bob","amount":"ten"}
            {"type":"deposit","account":"carol","amount":"10"}
            """;
        var replay = new Replay();
        var output = new StringWriter();
        Assert.Equal(ReplayOutcome.MalformedInput, replay.Run(new StringReader(input), output));
        Assert.Equal("line 4: field \"amount\": expected a decimal number like \"123.45\", got \"ten\"", replay.Error);
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Null(replay.Engine.Ledger.Account(new("carol")));
    }

    [Fact]
    public void Run_SameInputTwice_ByteIdenticalEventsAndSameHash()
    {
        string Run(out string hash)
        {
            var r = new Replay();
            var w = new StringWriter();
            r.Run(new StringReader(Crash), w);
            hash = StateHash.Compute(r.Engine.Ledger);
            return w.ToString();
        }

        Assert.Equal(Run(out var h1), Run(out var h2));
        Assert.Equal(h1, h2);
        Assert.Matches("^[0-9a-f]{64}$", h1);
    }

    [Fact]
    public void ApplyingTheEvents_ToAFreshLedger_RebuildsTheSameStateHash()
    {
        var replay = new Replay(collectEvents: true);
        replay.Run(new StringReader(Crash), null);
        var rebuilt = new Ledger();
        foreach (var e in replay.Events)
            rebuilt.Apply(e);
        Assert.Equal(StateHash.Compute(replay.Engine.Ledger), StateHash.Compute(rebuilt));
    }

    [Fact]
    public void Hash_DiffersWhenOneMicroUnitDiffers()
    {
        var a = new Replay();
        a.Run(new StringReader(Crash), null);
        var b = new Replay();
        b.Run(new StringReader(Crash.Replace("\"amount\":\"50\"", "\"amount\":\"50.000001\"")), null);
        Assert.NotEqual(StateHash.Compute(a.Engine.Ledger), StateHash.Compute(b.Engine.Ledger));
    }

    [Fact]
    public void Invariants_MoneyFromNowhere_IsDetected()
    {
        var replay = new Replay();
        replay.Run(new StringReader(Crash), null);
        replay.Engine.Ledger.Apply(new Funded(new("carol"), new("BTC-PERP"), new(1), default) { Seq = 999 });
        Assert.StartsWith("conservation:", Invariants.Check(replay.Engine.Ledger));
    }
}
