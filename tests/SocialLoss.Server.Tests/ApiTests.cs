using System.Net;
using System.Text;
using System.Text.Json;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

public sealed class ApiTests
{
    internal static StringContent Jsonl(IEnumerable<string> lines) => new(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");

    // OpenTelemetry's exporter writes a sample without labels as "name{} value", which the exposition format allows
    private static string Prometheus(string text) => text.Replace("{} ", " ");

    internal static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static async Task<JsonElement> Problem(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(expected == r.StatusCode, $"expected {(int)expected}, got {(int)r.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", r.Content.Headers.ContentType?.ToString());
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Demo_crash_through_the_api_matches_a_replay_and_survives_a_restart()
    {
        var lines = Scenario.DemoCrash();
        string hash;
        string db;
        string key;
        var svc = await RunningService.StartAsync(snapshotEvery: 10);
        try
        {
            using var http = svc.Operator();
            var answer = await Json(await http.PostAsync("/commands", Jsonl(lines)));
            Assert.Equal(1, answer.GetProperty("first").GetInt64());
            Assert.Equal(lines.Length, answer.GetProperty("last").GetInt64());
            var events = answer.GetProperty("events").EnumerateArray().ToList();
            Assert.Contains(events, e => e.GetProperty("type").GetString() == "liquidated");
            Assert.Contains(events, e => e.GetProperty("type").GetString() == "deleveraged");
            var state = await Json(await http.GetAsync("/state"));
            hash = state.GetProperty("stateHash").GetString()!;
            Assert.Equal(Scenario.StateHashOfReplay(lines), hash);
            db = svc.Db;
            key = svc.OperatorKey;
            await svc.StopAsync();

            var again = await RunningService.StartAsync(db, key, snapshotEvery: 10);
            try
            {
                // the one request crossed a multiple of 10: a full snapshot after its last command, nothing to replay
                Assert.Equal(lines.Length, again.Service.Recovery.RestoredFrom);
                Assert.Equal(lines.Length, again.Service.Recovery.Position);
                Assert.Equal(0, again.Service.Recovery.Replayed);
                Assert.True(again.Service.Recovery.SnapshotChecked);
                Assert.Empty(again.Service.Recovery.Problems);
                using var http2 = again.Operator();
                var state2 = await Json(await http2.GetAsync("/state"));
                Assert.Equal(hash, state2.GetProperty("stateHash").GetString());
                // the events up to the snapshot are not held any more: the answer says where they start
                var r = await http2.GetAsync("/events?since=0&limit=10000");
                Assert.Equal(0, (await Json(r)).GetArrayLength());
                Assert.Equal((events.Count + 1).ToString(), Assert.Single(r.Headers.GetValues("First-Event-Seq")));
                var health = await Json(await again.Client().GetAsync("/health"));
                Assert.Equal(events.Count + 1, health.GetProperty("firstEventSeq").GetInt64());
                var next = await Json(await http2.PostAsync("/commands", new StringContent("{\"type\":\"insurance\",\"amount\":\"1\"}", Encoding.UTF8, "application/json")));
                Assert.Equal(events.Count + 1, next.GetProperty("events")[0].GetProperty("seq").GetInt64());
                Assert.Equal(1, (await Json(await http2.GetAsync("/events?since=0"))).GetArrayLength());
            }
            finally
            {
                await again.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(svc.Dir, recursive: true);
        }
    }

    [Fact]
    public async Task Every_route_needs_a_key_and_account_keys_see_only_their_own()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        await Json(await op.PostAsync("/commands", Jsonl(Scenario.DemoCrash())));
        var carolKey = (await Json(await op.PostAsync("/keys", new StringContent("{\"role\":\"account\",\"account\":\"carol\"}", Encoding.UTF8, "application/json"))))
            .GetProperty("key").GetString()!;
        using var anon = svc.Client();
        using var bad = svc.Client("sl_not-a-key");
        using var carol = svc.Client(carolKey);

        // (method, path, body, status for an account key reading someone else / doing operator work)
        var routes = new (string Method, string Path, string? Body, HttpStatusCode Carol)[]
        {
            ("GET", "/accounts/alice", null, HttpStatusCode.Forbidden),
            ("GET", "/accounts", null, HttpStatusCode.Forbidden),
            ("GET", "/markets/BTC-PERP/adl", null, HttpStatusCode.Forbidden),
            ("GET", "/state", null, HttpStatusCode.Forbidden),
            ("GET", "/metrics", null, HttpStatusCode.Forbidden),
            ("POST", "/keys", "{\"role\":\"operator\"}", HttpStatusCode.Forbidden),
            ("POST", "/commands", "{\"type\":\"withdraw\",\"account\":\"alice\",\"amount\":\"1\"}", HttpStatusCode.Forbidden),
            ("POST", "/commands", "{\"type\":\"mark\",\"market\":\"BTC-PERP\",\"price\":\"1\"}", HttpStatusCode.Forbidden),
            ("POST", "/commands", "{\"type\":\"deposit\",\"account\":\"carol\",\"amount\":\"1000000\"}", HttpStatusCode.Forbidden),
            ("GET", "/accounts/carol", null, HttpStatusCode.OK),
            ("GET", "/markets", null, HttpStatusCode.OK),
            ("GET", "/insurance", null, HttpStatusCode.OK),
            ("GET", "/history", null, HttpStatusCode.OK),
            ("GET", "/events?since=0", null, HttpStatusCode.OK),
            ("GET", "/whoami", null, HttpStatusCode.OK),
            ("POST", "/commands", "{\"type\":\"withdraw\",\"account\":\"carol\",\"amount\":\"1\"}", HttpStatusCode.OK),
        };
        foreach (var (method, path, body, carolStatus) in routes)
        {
            HttpRequestMessage Req() => new(new HttpMethod(method), path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
            var none = await anon.SendAsync(Req());
            Assert.True(HttpStatusCode.Unauthorized == none.StatusCode, $"{method} {path} without a key: {(int)none.StatusCode}");
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
            var wrong = await bad.SendAsync(Req());
            Assert.True(HttpStatusCode.Unauthorized == wrong.StatusCode, $"{method} {path} with an unknown key: {(int)wrong.StatusCode}");
            var asCarol = await carol.SendAsync(Req());
            Assert.True(carolStatus == asCarol.StatusCode, $"{method} {path} with carol's key: {(int)asCarol.StatusCode} {await asCarol.Content.ReadAsStringAsync()}");
            if (carolStatus == HttpStatusCode.Forbidden)
                await Problem(asCarol, HttpStatusCode.Forbidden);
            var asOperator = await op.SendAsync(Req());
            Assert.True(asOperator.IsSuccessStatusCode, $"{method} {path} as operator: {(int)asOperator.StatusCode} {await asOperator.Content.ReadAsStringAsync()}");
        }

        // the stream needs a key too
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead)).StatusCode);

        // carol's events are hers only; the operator sees everyone's
        var mine = await Json(await carol.GetAsync("/events?since=0"));
        Assert.NotEqual(0, mine.GetArrayLength());
        foreach (var e in mine.EnumerateArray())
        {
            // a rejection names no account in its fields: it is hers because her command caused it
            if (e.GetProperty("type").GetString() != "rejected")
                Assert.Contains("\"carol\"", e.GetRawText());
        }
        var everything = await Json(await op.GetAsync("/events?since=0"));
        Assert.True(everything.GetArrayLength() > mine.GetArrayLength());

        // her own account shows her positions' ADL indicator once she has one
        var who = await Json(await carol.GetAsync("/whoami"));
        Assert.Equal("account", who.GetProperty("role").GetString());
        Assert.Equal("carol", who.GetProperty("account").GetString());
    }

    [Fact]
    public async Task Policy_is_named_from_the_catalog_compare_and_simulate_use()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var before = await Json(await op.GetAsync("/policy")); // the contract's default policy is no catalog line
        Assert.Equal(0, before.GetProperty("names").GetArrayLength());

        await Json(await op.PostAsync("/commands", Jsonl([SocialLoss.Contract.PolicyCatalog.Find("pro-rata")!.ConfigLine])));
        var policy = await Json(await op.GetAsync("/policy"));
        Assert.Equal(["pro-rata", "pro-rata-clawback"], policy.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray());
        Assert.True(policy.GetProperty("fair").GetBoolean());
        Assert.Equal(SocialLoss.Contract.PolicyCatalog.Find("pro-rata")!.Description, policy.GetProperty("description").GetString());
        Assert.Equal("close-out book → fund, ADL bitmex at bankruptcy price, waterfall insurance → clawback → deficit", policy.GetProperty("summary").GetString());
        Assert.StartsWith("{\"type\":\"config\",\"closeout\":[\"book\"]", policy.GetProperty("config").GetString());
    }

    [Fact]
    public async Task Account_view_has_liquidation_and_bankruptcy_prices_and_adl_indicator()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var (setup, _) = Scenario.Split();
        await Json(await op.PostAsync("/commands", Jsonl(setup)));
        var alice = await Json(await op.GetAsync("/accounts/alice"));
        var p = Assert.Single(alice.GetProperty("positions").EnumerateArray());
        Assert.Equal("BTC-PERP", p.GetProperty("market").GetString());
        Assert.Equal("4", p.GetProperty("quantity").GetString());
        Assert.NotNull(p.GetProperty("liquidationPrice").GetString());
        Assert.NotNull(p.GetProperty("bankruptcyPrice").GetString());
        Assert.InRange(p.GetProperty("adlIndicator").GetInt32(), 0, 4);
        var adl = await Json(await op.GetAsync("/markets/BTC-PERP/adl"));
        Assert.Equal(3, adl.GetProperty("longs").GetArrayLength());
        Assert.Equal(404, (int)(await op.GetAsync("/accounts/nobody")).StatusCode);
        Assert.Equal(404, (int)(await op.GetAsync("/markets/NOPE/adl")).StatusCode);
    }

    [Fact]
    public async Task Bad_bodies_are_400_problems_naming_the_field()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        async Task<JsonElement> Post(string body, string type = "application/x-ndjson") =>
            await Problem(await op.PostAsync("/commands", new StringContent(body, Encoding.UTF8, type)), HttpStatusCode.BadRequest);

        var p = await Post("{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"abc\"}", "application/json");
        Assert.Equal("amount", p.GetProperty("field").GetString());
        Assert.Contains("expected a decimal number", p.GetProperty("detail").GetString());

        p = await Post("{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}\n{\"type\":\"trade\",\"market\":\"X\",\"buyer\":\"a\",\"seller\":\"b\",\"price\":\"1\"}");
        Assert.Equal("quantity", p.GetProperty("field").GetString());
        Assert.Equal(2, p.GetProperty("line").GetInt32());
        Assert.StartsWith("line 2: ", p.GetProperty("detail").GetString());

        p = await Post("{\"type\":\"teleport\"}");
        Assert.Equal("type", p.GetProperty("field").GetString());
        p = await Post("{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\",\"extra\":1}");
        Assert.Equal("extra", p.GetProperty("field").GetString());
        p = await Post("{not json");
        Assert.Contains("invalid JSON", p.GetProperty("detail").GetString());
        await Post("");
        p = await Post("[{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}, {\"type\":\"deposit\",\"account\":\"a\"}]", "application/json");
        Assert.Equal("amount", p.GetProperty("field").GetString());
        Assert.Equal(2, p.GetProperty("line").GetInt32());

        // nothing of a rejected body was journaled
        Assert.Equal(0, svc.Service.Position);
        var keyProblem = await Problem(await op.PostAsync("/keys", new StringContent("{\"role\":\"king\"}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal("role", keyProblem.GetProperty("field").GetString());

        // a body over the size limit is 413
        var huge = new string(' ', 2 * 1024 * 1024) + "{}";
        // (Expect: 100-continue: the service refuses it from its Content-Length, so the body is never sent; without it the
        // client could still be writing when the service closes the connection, and the test saw a broken pipe, not the 413)
        using var request = new HttpRequestMessage(HttpMethod.Post, "/commands") { Content = new StringContent(huge, Encoding.UTF8, "application/x-ndjson") };
        request.Headers.ExpectContinue = true;
        var tooBig = await op.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }

    [Fact]
    public async Task Idempotency_key_returns_the_first_answer_and_journals_once()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var lines = Scenario.DemoCrash();
        var first = await op.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/commands") { Content = Jsonl(lines), Headers = { { "Idempotency-Key", "crash-1" } } });
        var a = await Json(first);
        var second = await op.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/commands") { Content = Jsonl(lines), Headers = { { "Idempotency-Key", "crash-1" } } });
        var b = await Json(second);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.True(b.GetProperty("replayed").GetBoolean());
        Assert.Equal(a.GetProperty("events").GetRawText(), b.GetProperty("events").GetRawText());
        Assert.Equal(lines.Length, svc.Service.Position);

        // concurrent retries of one new request: journaled once
        var extra = "{\"type\":\"insurance\",\"amount\":\"5\"}";
        var tasks = Enumerable.Range(0, 8).Select(_ => op.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/commands")
        { Content = new StringContent(extra, Encoding.UTF8, "application/json"), Headers = { { "Idempotency-Key", "topup-1" } } })).ToList();
        var answers = await Task.WhenAll(tasks);
        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(lines.Length + 1, svc.Service.Position);

        var conflict = await op.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/commands")
        { Content = new StringContent("{\"type\":\"insurance\",\"amount\":\"6\"}", Encoding.UTF8, "application/json"), Headers = { { "Idempotency-Key", "topup-1" } } });
        var problem = await Problem(conflict, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Idempotency-Key", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Failed_commit_is_503_not_applied_and_fences_the_service_until_restart()
    {
        bool fail = false;
        string db, key, hash;
        var svc = await RunningService.StartAsync(store: new StoreOptions { BeforeCommit = () => { if (fail) throw new IOException("injected fsync failure"); } });
        try
        {
            using var op = svc.Operator();
            await Json(await op.PostAsync("/commands", new StringContent("{\"type\":\"insurance\",\"amount\":\"10\"}", Encoding.UTF8, "application/json")));
            hash = svc.Service.StateHash();
            fail = true;
            var r = await op.PostAsync("/commands", Jsonl(["{\"type\":\"insurance\",\"amount\":\"99\"}", "{\"type\":\"deposit\",\"account\":\"x\",\"amount\":\"5\"}"]));
            var problem = await Problem(r, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("injected fsync failure", problem.GetProperty("detail").GetString());
            Assert.Equal(hash, svc.Service.StateHash()); // no command of the batch executed
            Assert.Equal(1, svc.Service.Position);

            // fenced: even with the disk healthy again, nothing is accepted until restart
            fail = false;
            var refused = await Problem(await op.PostAsync("/commands", new StringContent("{\"type\":\"insurance\",\"amount\":\"1\"}", Encoding.UTF8, "application/json")),
                HttpStatusCode.ServiceUnavailable);
            Assert.Equal("service faulted", refused.GetProperty("title").GetString());
            Assert.Contains("journal commit failed", refused.GetProperty("detail").GetString());
            using var anon = svc.Client();
            var health = await anon.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            using var h = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("faulted", h.RootElement.GetProperty("status").GetString());
            Assert.Contains("injected fsync failure", h.RootElement.GetProperty("fault").GetString());
            Assert.Equal(hash, svc.Service.StateHash());
            var metrics = Prometheus(await (await op.GetAsync("/metrics")).Content.ReadAsStringAsync());
            Assert.Contains("socialloss_journal_commit_failures_total 1", metrics);
            Assert.Contains("socialloss_faulted 1", metrics);
            (db, key) = (svc.Db, svc.OperatorKey);
            await svc.StopAsync();

            // a restart recovers what is durable and takes commands again
            await using var again = await RunningService.StartAsync(db, key);
            Assert.Null(again.Service.Fault);
            Assert.Equal(hash, again.Service.StateHash());
            using var op2 = again.Operator();
            var ok = await Json(await op2.PostAsync("/commands", new StringContent("{\"type\":\"insurance\",\"amount\":\"1\"}", Encoding.UTF8, "application/json")));
            Assert.Equal(2, ok.GetProperty("first").GetInt64());
            Assert.Equal("11", (await Json(await op2.GetAsync("/insurance"))).GetProperty("insuranceFund").GetString());
        }
        finally
        {
            Directory.Delete(svc.Dir, recursive: true);
        }
    }

    [Fact]
    public async Task Full_disk_fences_the_service_and_a_restart_recovers_exactly_the_acknowledged_commands()
    {
        var svc = await RunningService.StartAsync(store: new StoreOptions { MaxPageCount = 60 });
        try
        {
            using var op = svc.Operator();
            var acked = new List<string>();
            HttpResponseMessage? failed = null;
            foreach (var request in Scenario.Traffic(2_000))
            {
                var r = await op.PostAsync("/commands", Jsonl(request));
                if (!r.IsSuccessStatusCode)
                {
                    failed = r;
                    break;
                }

                acked.AddRange(request);
            }

            Assert.NotNull(failed);
            var problem = await Problem(failed, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("full", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.NotNull(svc.Service.Fault);
            Assert.Equal(acked.Count, svc.Service.Position);
            await Problem(await op.PostAsync("/commands", Jsonl(["{\"type\":\"insurance\",\"amount\":\"1\"}"])), HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await svc.Client().GetAsync("/health")).StatusCode);
            var (db, key) = (svc.Db, svc.OperatorKey);
            await svc.StopAsync();

            await using var again = await RunningService.StartAsync(db, key);
            Assert.Equal(acked.Count, again.Service.Position);
            Assert.Equal(Scenario.StateHashOfReplay(acked), again.Service.StateHash());
        }
        finally
        {
            Directory.Delete(svc.Dir, recursive: true);
        }
    }

    [Fact]
    public async Task Rate_limit_per_key_answers_429()
    {
        await using var svc = await RunningService.StartAsync(requestsPerSecond: 3);
        using var op = svc.Operator();
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 20; i++)
            codes.Add((await op.GetAsync("/insurance")).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.Equal(HttpStatusCode.OK, codes[0]);
        // health is never limited
        using var anon = svc.Client();
        for (int i = 0; i < 8; i++)
            Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Metrics_openapi_health_and_dashboard_are_served()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        await Json(await op.PostAsync("/commands", Jsonl(Scenario.DemoCrash())));
        var metrics = Prometheus(await (await op.GetAsync("/metrics")).Content.ReadAsStringAsync());
        Assert.Contains("socialloss_commands_total " + Scenario.DemoCrash().Length, metrics);
        Assert.Contains("socialloss_liquidations_total 4", metrics);
        Assert.Contains("socialloss_adl_fills_total", metrics);
        Assert.Contains("socialloss_insurance_fund ", metrics);
        Assert.Contains("socialloss_deficit ", metrics);
        Assert.Contains("socialloss_journal_commit_seconds_bucket{le=\"+Inf\"} 1", metrics);
        using var anon = svc.Client();
        var health = await Json(await anon.GetAsync("/health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var openapi = await Json(await anon.GetAsync("/openapi/v1.json"));
        var paths = openapi.GetProperty("paths");
        foreach (var p in new[] { "/commands", "/accounts/{id}", "/markets", "/insurance", "/events", "/events/stream", "/health", "/metrics", "/keys" })
            Assert.True(paths.TryGetProperty(p, out _), $"OpenAPI misses {p}");
        var page = await anon.GetStringAsync("/");
        Assert.Contains("chart-price", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", ""));
        Assert.Contains("EventSource".Length > 0 ? "fetch(" : "", await anon.GetStringAsync("/dashboard.js"));
        Assert.Contains("openapi", await anon.GetStringAsync("/docs"));
    }

    [Fact]
    public async Task Event_stream_delivers_new_events_filtered_per_account()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var (setup, crash) = Scenario.Split();
        await Json(await op.PostAsync("/commands", Jsonl(setup)));
        var bobKey = svc.Keys.Create(ApiKeys.AccountRole, "bob");
        using var bob = svc.Client(bobKey);
        long before = svc.Service.Read(l => l.LastSeq);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        async Task<List<JsonElement>> Read(HttpClient client, Func<List<JsonElement>, bool> enough)
        {
            using var resp = await client.GetAsync($"/events/stream?since={before}", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            Assert.Equal("text/event-stream", resp.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(cts.Token));
            var got = new List<JsonElement>();
            while (!enough(got) && await reader.ReadLineAsync(cts.Token) is { } line)
                if (line.StartsWith("data: "))
                    got.Add(JsonDocument.Parse(line[6..]).RootElement.Clone());
            return got;
        }

        var opStream = Read(op, g => g.Any(e => e.GetProperty("type").GetString() == "deleveraged"));
        var bobStream = Read(bob, g => g.Any(e => e.GetProperty("type").GetString() == "liquidated"));
        await Task.Delay(300);
        await Json(await op.PostAsync("/commands", Jsonl(crash)));
        var all = await opStream;
        var bobs = await bobStream;
        Assert.Contains(all, e => e.GetProperty("type").GetString() == "liquidated");
        Assert.All(bobs, e => Assert.Contains("\"bob\"", e.GetRawText()));
        Assert.True(all.Count > bobs.Count);
    }
}
