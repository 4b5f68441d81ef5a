namespace SocialLoss.Simulation.Tests;

public class ScenarioFileTest
{
    [Fact]
    public void Bundled_scenarios_load()
    {
        var files = Directory.GetFiles(Path.Combine(TestData.RepoRoot(), "scenarios"), "*.json");
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            var s = ScenarioFile.Load(f);
            Assert.NotEmpty(s.Policies);
            Assert.All(s.Policies, p => p.Command());
        }
    }

    [Theory]
    [InlineData("""{"path":{"file":"x.csv"},"population":{"longShare":"lots"}}""", "field \"population.longShare\": expected a number between 0 and 1, got the string \"lots\"")]
    [InlineData("""{"path":{"file":"x.csv"},"population":{"longShare":1.5}}""", "field \"population.longShare\"")]
    [InlineData("""{"path":{"file":"x.csv"},"population":{"acounts":10}}""", "unknown field \"population.acounts\"")]
    [InlineData("""{"path":{"file":"x.csv"},"population":{"accounts":0}}""", "field \"population.accounts\"")]
    [InlineData("""{"path":{"file":"x.csv"},"market":{"tickSize":"abc"}}""", "field \"market.tickSize\"")]
    [InlineData("""{"path":{"file":"x.csv","from":"yesterday"}}""", "field \"path.from\"")]
    [InlineData("""{"population":{}}""", "missing field \"path\"")]
    [InlineData("""{"path":{"file":"x.csv"},"policies":["nope"]}""", "field \"policies[0]\": unknown policy \"nope\"")]
    [InlineData("""{"path":{"file":"x.csv"},"policies":[{"name":"mine","config":{"adl":{"ranking":"coin-flip"}}}]}""", "field \"policies[0].config\": field \"adl.ranking\": unknown value \"coin-flip\"")]
    [InlineData("""{"path":{"file":"x.csv"},"liquidity":{"thinning":-1}}""", "field \"liquidity.thinning\"")]
    [InlineData("""{"path":{"file":"x.csv"},""", "invalid JSON")]
    public void A_bad_field_is_an_error_naming_it(string json, string expected)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(json, "t"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_bad_file_names_the_file_and_the_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"path":{"file":"x.csv"},"liquidity":{"levels":"ten"}}""");
        try
        {
            var e = Assert.Throws<ScenarioException>(() => ScenarioFile.Load(path));
            Assert.StartsWith(path + ": field \"liquidity.levels\"", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Custom_policies_go_through_the_engine_parser()
    {
        var s = ScenarioFile.Parse("""{"path":{"file":"x.csv"},"policies":["size-adl",{"name":"clawback-first","config":{"closeout":["book"],"waterfall":["clawback","insurance"]}}]}""", "t");
        Assert.Equal(["size-adl", "clawback-first"], s.Policies.Select(p => p.Name));
        Assert.Equal([SocialLoss.Core.Engine.WaterfallStageKind.Clawback, SocialLoss.Core.Engine.WaterfallStageKind.Insurance], s.Policies[1].Command().Config.Waterfall);
        Assert.Throws<ArgumentException>(() => PolicyCatalog.Resolve(["bitmex-adl", "unknown"]));
    }
}
