using System.Text.Json;

namespace SocialLoss.Cli.Tests;

/// <summary><c>socialloss bench --json</c> on a small population: the end to end reports the trade/mark workload.</summary>
public class BenchCommandTest
{
    [Fact]
    public void Bench_Json_ReportsTheQuietTradeMarkWorkloadEndToEnd()
    {
        var r = CliRunner.Run(null, "bench", "--accounts", "300", "--commands", "200", "--no-reference", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var e2e = doc.RootElement.GetProperty("endToEnd");
        Assert.True(e2e.GetProperty("eventsIdentical").GetBoolean());
        var tm = e2e.GetProperty("tradeMark");
        long lines = tm.GetProperty("lines").GetInt64();
        Assert.Equal(50_000, lines);
        Assert.Equal(lines, tm.GetProperty("trades").GetInt64() + tm.GetProperty("marks").GetInt64());
        Assert.InRange(tm.GetProperty("marks").GetInt64(), lines / 20, lines / 5); // one line in ten
        // quiet: every line is one event (traded, marked or a rejection), nobody is liquidated
        Assert.Equal(lines, tm.GetProperty("events").GetInt64());
        Assert.Equal(0, tm.GetProperty("liquidations").GetInt64());
        Assert.True(tm.GetProperty("rejected").GetInt64() < lines / 10);
        // 300 accounts: the set-up is config, market, insurance, two backstops (deposit + flag), a deposit each, a fill a pair
        Assert.Equal(3 + 4 + 300 + 150, tm.GetProperty("setupLines").GetInt64());
        Assert.True(tm.GetProperty("linesPerSecond").GetDouble() > 0);
    }
}
