using System.Text.Json;

namespace SocialLoss.Client.Tests;

/// <summary>The client generated from the OpenAPI document drives the live service: the demo crash, an account, the ADL queue, errors.</summary>
public sealed class GeneratedClientTest
{
    private static List<ContractCommand> DemoCrash() =>
        [.. File.ReadLines(Path.Combine(Repository.Root, "scenarios", "demo-crash.jsonl"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(l => JsonSerializer.Deserialize<ContractCommand>(l)!)];

    [Fact]
    public async Task Client_submits_the_demo_crash_and_reads_an_account_and_the_adl_queue()
    {
        await using var svc = await LiveService.StartAsync();
        using var http = svc.Http(svc.OperatorKey);
        var client = new SocialLossClient(http);
        var commands = DemoCrash();

        var answer = await client.SubmitCommandsAsync(commands, "demo-crash-1");
        Assert.Equal(1, answer.First);
        Assert.Equal(commands.Count, answer.Last);
        Assert.False(answer.Replayed);
        Assert.Contains(answer.Events, e => e.Type == "liquidated");
        Assert.Contains(answer.Events, e => e.Type == "deleveraged");
        // an event's own fields arrive beside seq, cmd and type
        var liquidated = answer.Events.First(e => e.Type == "liquidated");
        Assert.True(liquidated.AdditionalProperties.ContainsKey("bankruptcyPrice"));

        // the same key and body: the first answer, not a second application
        var again = await client.SubmitCommandsAsync(commands, "demo-crash-1");
        Assert.True(again.Replayed);
        Assert.Equal((answer.First, answer.Last), (again.First, again.Last));

        var carol = await client.GetAccountAsync("carol");
        Assert.Equal("carol", carol.Account);
        Assert.False(string.IsNullOrEmpty(carol.Equity));

        var queue = await client.GetAdlQueueAsync("BTC-PERP");
        Assert.Equal("BTC-PERP", queue.Market);
        Assert.NotEmpty(queue.Longs.Concat(queue.Shorts));
        Assert.All(queue.Longs.Concat(queue.Shorts), e => Assert.InRange(e.Indicator, 0, 4));
        Assert.Equal(Enumerable.Range(1, queue.Longs.Count), queue.Longs.Select(e => e.Rank));

        var health = await client.GetHealthAsync();
        Assert.Equal("ok", health.Status);
        Assert.Equal(commands.Count, health.Position);
        var state = await client.GetStateAsync();
        Assert.Matches("^[0-9a-f]{64}$", state.StateHash);
    }

    [Fact]
    public async Task Client_gets_problem_details_for_bad_commands_and_forbidden_reads()
    {
        await using var svc = await LiveService.StartAsync();
        using var http = svc.Http(svc.OperatorKey);
        var client = new SocialLossClient(http);
        var bad = new ContractCommand { Type = "deposit", AdditionalProperties = { ["account"] = "a", ["amount"] = "abc" } };
        var e = await Assert.ThrowsAsync<ApiException<ApiProblem>>(() => client.SubmitCommandsAsync([bad]));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("amount", e.Result.Field);
        Assert.Equal(1, e.Result.Line);

        var key = await client.CreateKeyAsync(new KeyRequest { Role = "account", Account = "carol" });
        using var carolHttp = svc.Http(key.Key);
        var carol = new SocialLossClient(carolHttp);
        Assert.Equal("carol", (await carol.WhoAmIAsync()).Account);
        var forbidden = await Assert.ThrowsAsync<ApiException<ApiProblem>>(() => carol.GetAdlQueueAsync("BTC-PERP"));
        Assert.Equal(403, forbidden.StatusCode);
        using var anonHttp = svc.Http();
        var unauthorized = await Assert.ThrowsAsync<ApiException<ApiProblem>>(() => new SocialLossClient(anonHttp).ListMarketsAsync());
        Assert.Equal(401, unauthorized.StatusCode);
    }
}
