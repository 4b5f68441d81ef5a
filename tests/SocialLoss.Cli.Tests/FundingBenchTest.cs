using System.Text.Json;

namespace SocialLoss.Cli.Tests;

/// <summary><c>socialloss bench --funding-holders N --json</c> times fundings in both modes, each under its own key.</summary>
public class FundingBenchTest
{
    [Fact]
    public void Bench_FundingHolders_ReportsPerAccountAndIndexModes()
    {
        var r = CliRunner.Run(null, "bench", "--accounts", "20", "--commands", "20", "--no-reference", "--no-end-to-end", "--funding-holders", "200", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var funding = doc.RootElement.GetProperty("funding");
        Assert.Equal(200, funding.GetProperty("holders").GetInt32());
        Assert.Equal(5, funding.GetProperty("fundings").GetInt32());
        Assert.True(funding.GetProperty("eventsPerFunding").GetInt32() >= 100, "per account: an event per holder that paid or received");
        var index = funding.GetProperty("index");
        Assert.Equal(200, index.GetProperty("holders").GetInt32());
        Assert.Equal(5, index.GetProperty("fundings").GetInt32());
        Assert.Equal(1, index.GetProperty("eventsPerFunding").GetInt32());
        Assert.True(index.GetProperty("p50Milliseconds").GetDouble() > 0);
    }
}
