using System.Text.Json;

namespace SocialLoss.Cli.Tests;

/// <summary>
/// Waves and counterfactual haircuts through <c>compare --format json</c>, on cases small enough to compute by
/// hand. Definitions: Chitra, arXiv 2512.01112 v3 (wave = socialization less than 5 s apart; needed budget B_t;
/// haircut H_t = Σ max(0, equity without the wave's ADL − equity with it) at the wave's end; share = H / equity
/// without, in [0, 1]).
/// </summary>
public class CompareWavesTest
{
    /// <summary>
    /// Market X (tick 1, lot 1, IM 10%, MM 5%), no fund, no book. alice long 10 @ 100 with 100, carol long 10 @ 100
    /// with 350, bob short 20 @ 100 with 1,000. Mark 80: alice's equity −100 (bankruptcy price 90). Mark 70: carol
    /// holds (equity 50 ≥ MM 35). Mark 60: carol's equity −50 (bankruptcy price 65).
    /// </summary>
    private static string Crash(string t1, string t2, string t3) => $$"""
        {"type":"market","market":"X","tickSize":"1","lotSize":"1","initialMargin":"0.1","maintenanceMargin":"0.05"}
        {"type":"deposit","account":"alice","amount":"100"}
        {"type":"deposit","account":"bob","amount":"1000"}
        {"type":"deposit","account":"carol","amount":"350"}
        {"type":"trade","market":"X","buyer":"alice","seller":"bob","price":"100","quantity":"10"}
        {"type":"trade","market":"X","buyer":"carol","seller":"bob","price":"100","quantity":"10"}
        {"type":"mark","market":"X","price":"80","time":"{{t1}}"}
        {"type":"mark","market":"X","price":"70","time":"{{t2}}"}
        {"type":"mark","market":"X","price":"60","time":"{{t3}}"}
        """;

    private static JsonElement Compare(string commands, string policies)
    {
        var file = CliRunner.TempFile("waves.jsonl", commands);
        var r = CliRunner.Run(null, "compare", file, "--policies", policies, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    private static JsonElement Policy(JsonElement all, string name) => all.EnumerateArray().Single(p => p.GetProperty("policy").GetString() == name);

    [Fact]
    public void TwentySecondsApart_TwoWaves_HaircutEqualsTheBudget_HorizonShowsThePriceMove()
    {
        var all = Compare(Crash("2025-10-10T21:16:00Z", "2025-10-10T21:16:10Z", "2025-10-10T21:16:20Z"), "bitmex-adl,pro-rata");
        var adl = Policy(all, "bitmex-adl");
        var waves = adl.GetProperty("waves").EnumerateArray().ToArray();
        Assert.Equal(2, waves.Length);

        // wave 1 at mark 80: bob is deleveraged 10 at alice's bankruptcy price 90 instead of 80: 100. Without it the
        // fund (0) takes alice's 10 at 80 and the bad debt 100 is deficit: B = 100. bob: 1,000 + 20 x 20 = 1,400
        // without, 1,000 + 10 x 10 + 10 x 20 = 1,300 with: H = 100, share 100 / 1,400.
        Assert.Equal("2025-10-10T21:16:00Z", waves[0].GetProperty("start").GetString());
        Assert.Equal("100", waves[0].GetProperty("neededBudget").GetString());
        Assert.Equal("100", waves[0].GetProperty("haircut").GetString());
        Assert.Equal("0", waves[0].GetProperty("overshoot").GetString());
        Assert.Equal(100.0 / 1400, waves[0].GetProperty("maxHaircutShare").GetDouble(), 12);
        Assert.Equal(1, waves[0].GetProperty("accountsHit").GetInt32());
        // one command later (mark 70) bob would have 1,000 + 20 x 30 = 1,600 and has 1,100 + 10 x 30 = 1,400
        Assert.Equal("200", waves[0].GetProperty("horizonHaircut").GetString());
        Assert.Equal(200.0 / 1600, waves[0].GetProperty("horizonMaxHaircutShare").GetDouble(), 12);

        // wave 2 at mark 60, 20 s later: carol's bankruptcy price 65: B = H = 50; bob 1,100 + 10 x 40 = 1,500 without
        Assert.Equal("2025-10-10T21:16:20Z", waves[1].GetProperty("start").GetString());
        Assert.Equal("50", waves[1].GetProperty("neededBudget").GetString());
        Assert.Equal("50", waves[1].GetProperty("haircut").GetString());
        Assert.Equal(50.0 / 1500, waves[1].GetProperty("maxHaircutShare").GetDouble(), 12);
        Assert.Equal("150", adl.GetProperty("neededBudget").GetString());
        Assert.Equal("0", adl.GetProperty("overshoot").GetString());

        // the pro-rata clawback takes the same budgets from bob's profit: wave 1 leaves his short open (1,300 at 80)
        var clawback = Policy(all, "pro-rata");
        Assert.Equal("150", clawback.GetProperty("haircut").GetString());
        Assert.Equal(50.0 / 1700, clawback.GetProperty("waves")[1].GetProperty("maxHaircutShare").GetDouble(), 12);
    }

    /// <summary>
    /// The same crash one second per mark: one wave. Without its ADL bob keeps his whole short down to 60:
    /// 1,000 + 20 x 40 = 1,800; with it he has 1,450: H = 350 for B = 100 + 50 = 150, overshoot 200 (the price kept
    /// falling after the first close: what arXiv 2512.01112 measures on 10 Oct 2025).
    /// </summary>
    [Fact]
    public void OneSecondApart_OneWave_TheHaircutIncludesThePriceMoveAfterTheClose()
    {
        var adl = Policy(Compare(Crash("2025-10-10T21:16:00Z", "2025-10-10T21:16:01Z", "2025-10-10T21:16:02Z"), "bitmex-adl"), "bitmex-adl");
        var wave = Assert.Single(adl.GetProperty("waves").EnumerateArray());
        Assert.Equal("2025-10-10T21:16:00Z", wave.GetProperty("start").GetString());
        Assert.Equal("2025-10-10T21:16:02Z", wave.GetProperty("end").GetString());
        Assert.Equal("150", wave.GetProperty("neededBudget").GetString());
        Assert.Equal("350", wave.GetProperty("haircut").GetString());
        Assert.Equal("200", wave.GetProperty("overshoot").GetString());
        Assert.Equal(350.0 / 1800, wave.GetProperty("maxHaircutShare").GetDouble(), 12);
    }

    /// <summary>ADL at the mark takes nothing against the wave's end mark: H = 0 while the fund-less bad debt 150 is still needed.</summary>
    [Fact]
    public void AdlAtTheMark_CoversNothingOfTheBudget()
    {
        var hl = Policy(Compare(Crash("2025-10-10T21:16:00Z", "2025-10-10T21:16:10Z", "2025-10-10T21:16:20Z"), "hyperliquid-adl"), "hyperliquid-adl");
        Assert.Equal("150", hl.GetProperty("neededBudget").GetString());
        Assert.Equal("0", hl.GetProperty("haircut").GetString());
        Assert.Equal("-150", hl.GetProperty("overshoot").GetString());
    }
}
