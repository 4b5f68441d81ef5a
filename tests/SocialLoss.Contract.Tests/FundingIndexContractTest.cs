using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;

namespace SocialLoss.Contract.Tests;

/// <summary><c>config.funding</c> and the <c>fundingIndex</c> event through JSONL.</summary>
public class FundingIndexContractTest
{
    private const string Jsonl = """
        {"type":"config","funding":"index"}
        {"type":"market","market":"F","tickSize":"0.01","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05"}
        {"type":"deposit","account":"a","amount":"1000"}
        {"type":"deposit","account":"b","amount":"1000"}
        {"type":"deposit","account":"c","amount":"1000"}
        {"type":"trade","market":"F","buyer":"a","seller":"c","price":"33.33","quantity":"1"}
        {"type":"trade","market":"F","buyer":"b","seller":"c","price":"33.33","quantity":"2"}
        {"type":"funding","market":"F","rate":"0.00001"}
        {"type":"trade","market":"F","buyer":"c","seller":"a","price":"33.33","quantity":"1"}
        {"type":"funding","market":"F","rate":"-0.00003"}
        """;

    [Fact]
    public void Parse_Config_ReadsFundingAndDefaultsToPerAccount()
    {
        var c = Assert.IsType<ConfigureCommand>(CommandParser.Parse("""{"type":"config","funding":"index"}"""));
        Assert.Equal(FundingMode.Index, c.Config.Funding);
        var d = Assert.IsType<ConfigureCommand>(CommandParser.Parse("""{"type":"config"}"""));
        Assert.Equal(FundingMode.PerAccount, d.Config.Funding);
        var explicitDefault = Assert.IsType<ConfigureCommand>(CommandParser.Parse("""{"type":"config","funding":"per-account"}"""));
        Assert.Equal(FundingMode.PerAccount, explicitDefault.Config.Funding);
    }

    [Theory]
    [InlineData("""{"type":"config","funding":"lazy"}""", "field \"funding\": unknown value \"lazy\"")]
    [InlineData("""{"type":"config","funding":1}""", "field \"funding\"")]
    public void Parse_BadFunding_SaysWhichFieldAndWhy(string line, string expected)
    {
        var e = Assert.Throws<CommandFormatException>(() => CommandParser.Parse(line));
        Assert.Contains(expected, e.Message);
    }

    /// <summary>
    /// One <c>fundingIndex</c> per funding and no <c>funded</c>: per lot 10,000 ppb x 3,333 ticks x 10,000 micro-units = 333.3
    /// micro-units = 0.0003333 a lot; then −0.00003 x 33.33 = −999.9 micro-units a lot, the index 333.3 − 999.9 = −666.6.
    /// The configured event echoes the policy, and a ledger fed the written events reaches the same state hash.
    /// </summary>
    [Fact]
    public void Replay_FundingIndex_OneEventPerFunding_AndTheEventsRebuildTheState()
    {
        var replay = new Replay(collectEvents: true);
        var output = new StringWriter { NewLine = "\n" };
        Assert.Equal(ReplayOutcome.Completed, replay.Run(new StringReader(Jsonl), output, check: true));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"funding\":\"index\"", lines[0]);
        Assert.DoesNotContain(lines, l => l.Contains("\"type\":\"funded\""));
        var indexed = lines.Where(l => l.Contains("\"type\":\"fundingIndex\"")).ToArray();
        Assert.Equal(2, indexed.Length);
        Assert.Contains("\"market\":\"F\",\"rate\":\"0.00001\",\"perLot\":\"0.0003333\",\"index\":\"0.0003333\"", indexed[0]);
        Assert.Contains("\"market\":\"F\",\"rate\":\"-0.00003\",\"perLot\":\"-0.0009999\",\"index\":\"-0.0006666\"", indexed[1]);

        var rebuilt = new EventReader();
        foreach (var line in lines)
            rebuilt.Apply(line);
        Assert.Equal(StateHash.Compute(replay.Engine.Ledger), StateHash.Compute(rebuilt.Ledger));
        Assert.Null(Invariants.Check(rebuilt.Ledger));
        // b (2 long) accrued 2 x 333.3 − 2 x 999.9 = −1,333.2 owed → receives the floor, 1,333 micro-units, not settled
        Assert.Equal(Core.Numbers.Money.Parse("1000.001333"), rebuilt.Ledger.Account(new("b"))!.Balance);
    }

    /// <summary>The per-account default writes no <c>funding</c> field: configs, events and hashes of contract v1 stay byte-identical.</summary>
    [Fact]
    public void Replay_PerAccountDefault_WritesNoFundingField()
    {
        var replay = new Replay(collectEvents: true);
        var output = new StringWriter { NewLine = "\n" };
        replay.Run(new StringReader(Jsonl.Replace("\"funding\":\"index\"", "\"funding\":\"per-account\"", StringComparison.Ordinal)), output, check: true);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain("\"funding\"", lines[0]);
        Assert.Contains(lines, l => l.Contains("\"type\":\"funded\""));
        Assert.DoesNotContain(lines, l => l.Contains("fundingIndex"));
    }

    /// <summary>A snapshot image under the index carries the index, the remainder and each position's snapshot.</summary>
    [Fact]
    public void LedgerImage_FundingIndex_RoundTripsThroughJson()
    {
        var replay = new Replay(collectEvents: true);
        replay.Run(new StringReader(Jsonl), TextWriter.Null, check: true);
        var ledger = replay.Engine.Ledger;
        var json = LedgerImageJson.Write(ledger.Capture());
        var restored = Ledger.FromImage(LedgerImageJson.Read(json));
        Assert.Equal(StateHash.Compute(ledger), StateHash.Compute(restored));
        Assert.Equal(ledger.Market(new("F"))!.FundingRemainder, restored.Market(new("F"))!.FundingRemainder);
        Assert.NotEqual((Int128)0, restored.Market(new("F"))!.FundingIndex);
    }
}
