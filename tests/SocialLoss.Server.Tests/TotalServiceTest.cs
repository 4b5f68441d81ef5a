using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SocialLoss.Core.Numbers;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>
/// Issue 12 items 1 and 5 through the service: a journaled command can never stop recovery (the service starts
/// fenced, with the record's position on <c>/health</c>); a market listed without a band gets the service's default,
/// written into the journal so a restart lists it the same; overflowing amounts are <c>rejected</c> events.
/// </summary>
public sealed class TotalServiceTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-total-").FullName;

    private string Db => Path.Combine(_dir, "service.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static StringContent Jsonl(params string[] lines) =>
        new(string.Join('\n', lines), Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson"));

    // Issue 12 item 1: on restart, Recover hit a journaled command that threw and the process exited. A record that
    // no longer applies (here: one that no longer parses, as a stricter parser could find) now fences the service.
    [Fact]
    public async Task Recovery_JournaledCommandThatNoLongerApplies_StartsFencedWithItsPosition()
    {
        string key;
        using (var store = SqliteStore.Open(Db))
        {
            key = ApiKeys.Create(store, ApiKeys.OperatorRole, null);
            store.Append([new AppendRequest(
                ["""{"type":"deposit","account":"a","amount":"10"}""", """{"type":"deposit","account":"a","amount":"ten"}""", """{"type":"deposit","account":"a","amount":"5"}"""],
                null, "body")]);
        }

        await using var svc = await RunningService.StartAsync(Db, key);
        Assert.Contains("recovery stopped at journal record 2: it no longer parses", svc.Service.Fault);
        Assert.Contains(svc.Service.Recovery.Problems, p => p.StartsWith("recovery stopped at journal record 2", StringComparison.Ordinal));
        var health = await svc.Client().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("journal record 2", await health.Content.ReadAsStringAsync());
        var post = await svc.Operator().PostAsync("/commands", Jsonl("""{"type":"deposit","account":"b","amount":"1"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        // the state is that of the records before it: a holds 10
        var state = JsonDocument.Parse(await (await svc.Operator().GetAsync("/state")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("10", state.GetProperty("accounts").GetProperty("a").GetProperty("balance").GetString());
    }

    [Fact]
    public async Task Post_DepositsPastTheBound_RejectedEventNotAnEngineFault()
    {
        await using var svc = await RunningService.StartAsync(Path.Combine(_dir, "bound.db"));
        using var http = svc.Operator();
        var r = await http.PostAsync("/commands", Jsonl(
            """{"type":"deposit","account":"a","amount":"5000000000000"}""",
            """{"type":"deposit","account":"a","amount":"5000000000000"}""",
            """{"type":"sitg","amount":"900000000000"}""",
            """{"type":"sitg","amount":"900000000000"}"""));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var events = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("events").EnumerateArray()
            .Select(e => e.GetRawText()).ToList();
        Assert.Equal(3, events.Count(e => e.Contains("\"code\":\"overflow\"")));
        var health = await svc.Client().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    // Issue 12 item 5 through serve's default band: the market is listed with it, the Mango-shaped fill is refused,
    // and a restart (which replays the journal) lists the market with the same band whatever the default is then.
    [Fact]
    public async Task Post_MarketWithoutBand_GetsTheDefaultKeptInTheJournal()
    {
        var db = Path.Combine(_dir, "band.db");
        string key;
        using (var s = SqliteStore.Open(db))
            key = ApiKeys.Create(s, ApiKeys.OperatorRole, null);
        string hash;
        var app = ServiceHost.Build(new ServiceOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"], DefaultPriceBand = DefaultPriceBands.Default });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var r = await http.PostAsync("/commands", Jsonl(
                """{"type":"market","market":"BTC","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05"}""",
                """{"type":"market","market":"ETH","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","priceBand":"0"}""",
                """{"type":"deposit","account":"attacker","amount":"6000"}""",
                """{"type":"deposit","account":"friend","amount":"6000"}""",
                """{"type":"mark","market":"BTC","price":"60000"}""",
                """{"type":"trade","market":"BTC","buyer":"friend","seller":"attacker","price":"0.1","quantity":"0.1"}"""));
            var text = await r.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("\"priceBand\":\"0.1\"", text.Split("marketListed")[1]); // BTC: the default
            Assert.DoesNotContain("priceBand", text.Split("marketListed")[2].Split('}')[0]); // ETH: "0" is no band
            Assert.Contains("\"code\":\"priceBand\"", text);
            hash = JsonDocument.Parse(await (await http.GetAsync("/state")).Content.ReadAsStringAsync()).RootElement.GetProperty("stateHash").GetString()!;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }

        using (var store = SqliteStore.Open(db))
            Assert.Contains(",\"priceBand\":\"0.1\"}", store.Read().First().Line);
        await using var again = await RunningService.StartAsync(db, key); // no default band now
        Assert.Equal(hash, again.Service.StateHash());
        Assert.Equal(new Rate(100_000_000), again.Service.Read(l => l.Markets["BTC"].Spec.PriceBand));
    }
}
