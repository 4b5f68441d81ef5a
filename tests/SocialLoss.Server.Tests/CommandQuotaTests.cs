using System.Net;
using System.Text;
using System.Text.Json;
using static SocialLoss.Server.Tests.ApiTests;

namespace SocialLoss.Server.Tests;

/// <summary>
/// Quotas count commands, not requests (issue 12, item 6): an account key flooding the journal with rejected
/// withdrawals is stopped by the size of a request (100 commands, 413) and by its budget of commands (429), and
/// the commands the engine rejects are charged like any other.
/// </summary>
public sealed class CommandQuotaTests
{
    private static string Withdrawal(string account) => $"{{\"type\":\"withdraw\",\"account\":\"{account}\",\"amount\":\"1\"}}";

    private static async Task<long> RejectedTotal(HttpClient op) =>
        long.Parse((await op.GetStringAsync("/metrics")).Replace("{} ", " ").Split('\n').Single(l => l.StartsWith("socialloss_commands_rejected_total ")).Split(' ')[1]);

    private static async Task<long> Position(HttpClient anyone) =>
        JsonDocument.Parse(await anyone.GetStringAsync("/health")).RootElement.GetProperty("position").GetInt64();

    [Fact]
    public async Task Account_key_flood_of_3_requests_of_50000_withdrawals_journals_nothing_and_the_budget_stops_the_rest()
    {
        // 1 command/s, burst 200: the budget is spent by two full requests and refills slower than the test runs
        await using var svc = await RunningService.StartAsync(accountCommands: (1, 200), maxBodyBytes: 8 * 1024 * 1024);
        using var op = svc.Operator();
        await Json(await op.PostAsync("/commands", Jsonl(Scenario.DemoCrash())));
        using var anyone = svc.Client();
        long before = await Position(anyone);
        var events = await op.GetStringAsync("/events?since=0&limit=5");
        long rejectedBefore = await RejectedTotal(op);
        using var mallory = svc.Client(svc.Keys.Create(ApiKeys.AccountRole, "mallory"));

        var flood = string.Join('\n', Enumerable.Repeat(Withdrawal("mallory"), 50_000));
        for (int i = 0; i < 3; i++)
        {
            var tooMany = await Problem(await mallory.PostAsync("/commands", new StringContent(flood, Encoding.UTF8, "application/x-ndjson")), HttpStatusCode.RequestEntityTooLarge);
            Assert.Equal("at most 100 commands per request with an account key, got 50000", tooMany.GetProperty("detail").GetString());
        }

        // the same limit for a JSON array
        var array = "[" + string.Join(',', Enumerable.Repeat(Withdrawal("mallory"), 101)) + "]";
        await Problem(await mallory.PostAsync("/commands", new StringContent(array, Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await Position(anyone));

        // full requests within the limit: every withdrawal is rejected (mallory has nothing) and still counts
        var hundred = Enumerable.Repeat(Withdrawal("mallory"), 100).ToArray();
        for (int i = 0; i < 2; i++)
        {
            var answer = await Json(await mallory.PostAsync("/commands", Jsonl(hundred)));
            Assert.Equal(100, answer.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "rejected"));
        }

        // two requests so far, but 200 commands: a request of one more is over the budget
        var over = await mallory.PostAsync("/commands", Jsonl([Withdrawal("mallory")]));
        var problem = await Problem(over, HttpStatusCode.TooManyRequests);
        Assert.Equal("command quota exceeded", problem.GetProperty("title").GetString());
        Assert.Contains("1 commands per second (burst 200; commands the engine rejects count too)", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(over.Headers.RetryAfter!.ToString()) >= 1);
        Assert.Equal(before + 200, await Position(anyone));

        // the operator is not held up by the account's budget, and its events are still there
        await Json(await op.PostAsync("/commands", Jsonl(["{\"type\":\"insurance\",\"amount\":\"1\"}"])));
        Assert.Equal(before + 201, await Position(anyone));
        Assert.Equal(events, await op.GetStringAsync("/events?since=0&limit=5"));
        Assert.Equal(rejectedBefore + 200, await RejectedTotal(op));
    }

    [Fact]
    public async Task Each_key_has_its_own_budget_of_commands()
    {
        await using var svc = await RunningService.StartAsync(accountCommands: (1, 100));
        using var op = svc.Operator();
        await Json(await op.PostAsync("/commands", Jsonl(["{\"type\":\"deposit\",\"account\":\"alice\",\"amount\":\"1000\"}", "{\"type\":\"deposit\",\"account\":\"bob\",\"amount\":\"1000\"}"])));
        using var alice = svc.Client(svc.Keys.Create(ApiKeys.AccountRole, "alice"));
        using var bob = svc.Client(svc.Keys.Create(ApiKeys.AccountRole, "bob"));
        await Json(await alice.PostAsync("/commands", Jsonl(Enumerable.Repeat(Withdrawal("alice"), 100))));
        await Problem(await alice.PostAsync("/commands", Jsonl([Withdrawal("alice")])), HttpStatusCode.TooManyRequests);
        // bob's budget is untouched by alice's
        var answer = await Json(await bob.PostAsync("/commands", Jsonl(Enumerable.Repeat(Withdrawal("bob"), 100))));
        Assert.Equal(100, answer.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "withdrawn"));
        Assert.Equal("900", JsonDocument.Parse(await op.GetStringAsync("/accounts/bob")).RootElement.GetProperty("balance").GetString());
    }
}
