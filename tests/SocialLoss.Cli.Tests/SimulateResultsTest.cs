using System.Text.Json;

namespace SocialLoss.Cli.Tests;

/// <summary><c>simulate --out DIR</c> on the bundled 10 Oct 2025 candles (no --data: the shipped data/): results.json and the report's wave section.</summary>
public class SimulateResultsTest
{
    [Fact]
    public void Simulate_WritesResultsJson_InTheIssueShape_AndTheReportOpensWithTheWaves()
    {
        var dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        var r = CliRunner.Run(null, "simulate", "--accounts", "400", "--policies", "bitmex-adl,hyperliquid-adl,fair-adl,min-max", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("waves of socialization", r.Stdout);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
        var root = doc.RootElement;
        Assert.Equal("crash-2025-10-10", root.GetProperty("scenario").GetString());
        var market = Assert.Single(root.GetProperty("markets").EnumerateArray());
        Assert.Equal("BTC-PERP", market.GetProperty("market").GetString());
        Assert.Equal(JsonValueKind.Null, market.GetProperty("published").ValueKind); // a generated population has no published figures
        var policies = market.GetProperty("policies").EnumerateArray().ToArray();
        Assert.Equal(["bitmex-adl", "hyperliquid-adl", "fair-adl", "min-max"], policies.Select(p => p.GetProperty("policy").GetString()));
        Assert.Contains(policies, p => p.GetProperty("waves").GetArrayLength() > 0);
        foreach (var p in policies)
        {
            foreach (var field in new[] { "adlNotional", "accountsAdled", "neededBudget", "haircut", "overshoot", "maxHaircutShare" })
                Assert.Equal(JsonValueKind.Number, p.GetProperty(field).ValueKind);
            var waves = p.GetProperty("waves").EnumerateArray().ToArray();
            // totals are the sums over waves (exact decimals), the share the worst wave's
            Assert.Equal(waves.Sum(w => w.GetProperty("neededBudget").GetDecimal()), p.GetProperty("neededBudget").GetDecimal());
            Assert.Equal(waves.Sum(w => w.GetProperty("haircut").GetDecimal()), p.GetProperty("haircut").GetDecimal());
            Assert.Equal(p.GetProperty("haircut").GetDecimal() - p.GetProperty("neededBudget").GetDecimal(), p.GetProperty("overshoot").GetDecimal());
            foreach (var w in waves)
            {
                Assert.InRange(w.GetProperty("maxHaircutShare").GetDouble(), 0, 1);
                Assert.Matches(@"^2025-10-10T\d\d:\d\d:\d\d(\.\d+)?Z$", w.GetProperty("start").GetString());
                Assert.True(string.CompareOrdinal(w.GetProperty("start").GetString(), w.GetProperty("end").GetString()) <= 0);
                Assert.True(w.GetProperty("accountsHit").GetInt32() > 0);
            }

            Assert.Equal(waves.Select(w => w.GetProperty("wave").GetInt32()), Enumerable.Range(1, waves.Length));
        }

        // the fair policies' waves cost winners a small share; min-max clawbacks take exactly what was needed
        var minMax = policies[3];
        Assert.Equal(minMax.GetProperty("neededBudget").GetDecimal(), minMax.GetProperty("haircut").GetDecimal());

        var html = File.ReadAllText(Path.Combine(dir, "index.html"));
        Assert.True(html.IndexOf("id=\"waves\"", StringComparison.Ordinal) < html.IndexOf("id=\"comparison\"", StringComparison.Ordinal));
        Assert.Contains("id=\"chart-waves\"", html);
        Assert.Contains("<b>Needed budget</b>", html);
    }
}
