using SocialLoss.Benchmarking;

namespace SocialLoss.Cli.Tests;

/// <summary>
/// The parts of <c>socialloss failover-test</c> that need no cluster: the journal audit that decides lost and duplicated
/// commands, and the option checks. The test itself runs in <c>scripts/ha.sh test</c> (test.sh, CI).
/// </summary>
public sealed class FailoverTestCommandTest
{
    private static AcknowledgedRequest Ack(int client, int batch, long first) =>
        new(FailoverWorkload.Key(client, batch), FailoverWorkload.Batch(client, batch, 4), first, first + 3, 0, 0, false);

    private static List<string> Journal(params AcknowledgedRequest[] requests)
    {
        var journal = new List<string> { "{\"type\":\"insurance\",\"amount\":\"1\"}" };
        foreach (var r in requests)
            journal.AddRange(r.Lines);
        return journal;
    }

    [Fact]
    public void Audit_EveryAcknowledgedCommandInPlaceOnce_NothingLostOrDuplicated()
    {
        var a = Ack(0, 0, 2);
        var b = Ack(1, 0, 6);
        var f = AcknowledgementAudit.Audit([a, b], Journal(a, b));
        Assert.Equal(new AcknowledgementAudit.Findings(8, 0, 0, null), f);
    }

    [Fact]
    public void Audit_AcknowledgedBatchMissingFromTheJournal_CountsItsCommandsLost()
    {
        var a = Ack(0, 0, 2);
        var b = Ack(1, 0, 6);
        var f = AcknowledgementAudit.Audit([a, b], Journal(a));
        Assert.Equal(4, f.Lost);
        Assert.Contains("request failover-c1-b0: command 1 is not at journal position 6", f.FirstProblem);
    }

    [Fact]
    public void Audit_RetryAppliedASecondTime_CountsEachExtraCopy()
    {
        var a = Ack(0, 0, 2);
        var journal = Journal(a);
        journal.AddRange(a.Lines); // the retry journaled again instead of answered from the idempotency record
        var f = AcknowledgementAudit.Audit([a], journal);
        Assert.Equal(0, f.Lost);
        Assert.Equal(4, f.Duplicated);
        Assert.Contains("journal position 6 repeats an earlier command", f.FirstProblem);
    }

    [Fact]
    public void Audit_AnswerNamesOtherPositions_IsLost()
    {
        var a = Ack(0, 0, 2);
        var f = AcknowledgementAudit.Audit([a with { First = 3, Last = 6 }], Journal(a));
        Assert.Equal(4, f.Lost);
    }

    [Fact]
    public void Workload_LinesAreUniqueAcrossClientsAndBatches_AndParse()
    {
        var lines = Enumerable.Range(0, 3).SelectMany(c => Enumerable.Range(0, 3).SelectMany(b => FailoverWorkload.Batch(c, b, 10))).ToList();
        Assert.Equal(lines.Count, lines.Distinct().Count());
        Assert.All(lines, l => Assert.True(FailoverWorkload.IsUnique(l)));
        Assert.All(lines, l => SocialLoss.Contract.CommandParser.Parse(l));
        Assert.False(FailoverWorkload.IsUnique("{\"type\":\"mark\",\"market\":\"BTC-PERP\",\"price\":\"100.0\"}"));
    }

    [Theory]
    [InlineData("http://a:1", "db1|db2", 4, 10, 50, "--urls: expected at least two engine URLs separated by ',', got 1")]
    [InlineData("http://a:1,ftp://b", "db1|db2", 4, 10, 50, "--urls: expected http:// URLs, got \"ftp://b\"")]
    [InlineData("http://a:1,http://b:2", "db1", 4, 10, 50, "--dbs: expected one database per engine (2) separated by '|', got 1")]
    [InlineData("http://a:1,http://b:2", "db1|db2", 0, 10, 50, "--clients must be 1..64")]
    [InlineData("http://a:1,http://b:2", "db1|db2", 4, 10, 51, "--batch must be an even number 2..10000")]
    public void Validate_BadOption_NamesIt(string urls, string dbs, int clients, int batches, int batch, string expected)
    {
        var key = Path.GetTempFileName();
        try
        {
            Assert.Equal(expected, FailoverTest.Validate(urls.Split(','), dbs.Split('|'), key, clients, batches, batch, 300));
        }
        finally
        {
            File.Delete(key);
        }
    }

    [Fact]
    public void Cli_BadOptions_ExitTwoWithTheMessage()
    {
        var r = CliRunner.Run(null, "failover-test", "--urls", "http://127.0.0.1:1", "--dbs", "x", "--key-file", "/nonexistent",
            "--kill", "true", "--restart", "true", "--pause", "true", "--resume", "true", "--switchover", "true", "--restart-engine", "true");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--urls: expected at least two engine URLs", r.Stderr);
    }
}
