using System.Net;
using System.Text;
using System.Text.Json;

namespace SocialLoss.Server.Tests;

/// <summary>Strict input over HTTP: the command <c>time</c>, and bad input answered 400 naming the line and field.</summary>
public sealed class StrictInputApiTest
{
    private static async Task<JsonElement> Read(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(expected == r.StatusCode, $"expected {(int)expected}, got {(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Jsonl(string body) => new(body, Encoding.UTF8, "application/x-ndjson");

    [Fact]
    public async Task Time_is_echoed_by_every_event_and_a_bad_time_is_a_400_naming_it()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var ok = await Read(await op.PostAsync("/commands", Jsonl("""
            {"type":"deposit","account":"alice","amount":"10","time":"2025-10-10T21:16:04.831Z"}
            {"type":"deposit","account":"bob","amount":"10"}
            """)), HttpStatusCode.OK);
        var events = ok.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("2025-10-10T21:16:04.831Z", events[0].GetProperty("time").GetString());
        Assert.False(events[1].TryGetProperty("time", out _));

        foreach (var type in new[] { "application/x-ndjson", "application/json" })
        {
            var p = await Read(await op.PostAsync("/commands", new StringContent(
                """{"type":"deposit","account":"alice","amount":"10","time":"2025-10-10T21:16:04"}""", Encoding.UTF8, type)), HttpStatusCode.BadRequest);
            Assert.Equal("time", p.GetProperty("field").GetString());
            Assert.StartsWith("line 1: field \"time\": expected an ISO 8601 UTC time", p.GetProperty("detail").GetString());
        }

        Assert.Equal(2, svc.Service.Position);
    }

    public static TheoryData<string, int, string, string> BadBodies => new()
    {
        // issue 12 item 8, each once as JSON lines (line 2) and once as a JSON array (element 2)
        { "{\"type\":\"deposit\",\"account\":\"b\",\"amount\":\"1\",\"amount\":\"1000000\"}", 2, "amount", "duplicate field \"amount\"" },
        { "{\"type\":\"deposit\",\"account\":\"b\",\"amount\":\"1\",\"type\":\"withdraw\"}", 2, "type", "duplicate field \"type\"" },
        { "{\"type\":\"deposit\",\"account\":\" \",\"amount\":\"1\"}", 2, "account", "field \"account\": expected an id of 1 to 128 characters" },
        { "{\"type\":\"deposit\",\"account\":\"a\\u0000b\",\"amount\":\"1\"}", 2, "account", "field \"account\": expected an id" },
        { "{\"type\":\"deposit\",\"account\":\"x/y\",\"amount\":\"1\"}", 2, "account", "field \"account\": expected an id" },
        { "{\"type\":\"deposit\",\"account\":\"" + new string('a', 30_000) + "\",\"amount\":\"1\"}", 2, "account", "field \"account\": expected an id" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_of_issue_12_is_a_400_naming_line_and_field_and_nothing_is_journaled(string bad, int line, string field, string detail)
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        const string good = """{"type":"deposit","account":"alice","amount":"10"}""";
        var bodies = new[] { (good + "\n" + bad, "application/x-ndjson"), ("[" + good + "," + bad + "]", "application/json") };
        foreach (var (body, type) in bodies)
        {
            var p = await Read(await op.PostAsync("/commands", new StringContent(body, Encoding.UTF8, type)), HttpStatusCode.BadRequest);
            Assert.Equal(field, p.GetProperty("field").GetString());
            Assert.Equal(line, p.GetProperty("line").GetInt32());
            Assert.StartsWith($"line {line}: {detail}", p.GetProperty("detail").GetString());
            Assert.True(p.GetProperty("detail").GetString()!.Length < 400);
        }

        Assert.Equal(0, svc.Service.Position);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_body_is_a_400_not_a_replacement_character()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        byte[] With(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xFF, .. Encoding.UTF8.GetBytes(after)];
        var jsonl = With("{\"type\":\"deposit\",\"account\":\"alice\",\"amount\":\"10\"}\n{\"type\":\"deposit\",\"account\":\"b", "\",\"amount\":\"1\"}");
        var p = await Read(await op.PostAsync("/commands", new ByteArrayContent(jsonl)), HttpStatusCode.BadRequest);
        Assert.StartsWith("line 2: invalid UTF-8: byte 31 of the line", p.GetProperty("detail").GetString());
        foreach (var body in new[] { With("[{\"type\":\"deposit\",\"account\":\"b", "\",\"amount\":\"1\"}]"), With("{\"type\":\"deposit\",\"account\":\"b", "\",\"amount\":\"1\"}\u00e9") })
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(body[0] == (byte)'[' ? "application/json" : "application/x-ndjson");
            p = await Read(await op.PostAsync("/commands", content), HttpStatusCode.BadRequest);
            Assert.Contains("UTF-8", p.GetProperty("detail").GetString());
        }

        Assert.Equal(0, svc.Service.Position);
    }

    [Fact]
    public async Task Keys_reject_unknown_and_repeated_fields_and_ids_outside_the_rule()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        async Task<JsonElement> Post(string body, HttpStatusCode expected) =>
            await Read(await op.PostAsync("/keys", new StringContent(body, Encoding.UTF8, "application/json")), expected);

        Assert.Equal("admin", (await Post("""{"role":"account","account":"bob","admin":true}""", HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal("account", (await Post("""{"role":"account","account":"bob","account":"carol"}""", HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        // an id with '/' got a key whose account GET /accounts/{id} could not address
        var p = await Post("""{"role":"account","account":"x/y"}""", HttpStatusCode.BadRequest);
        Assert.Equal("account", p.GetProperty("field").GetString());
        Assert.StartsWith("field \"account\": expected an id of 1 to 128 characters", p.GetProperty("detail").GetString());
        Assert.Equal("bob", (await Post("""{"role":"account","account":"bob"}""", HttpStatusCode.Created)).GetProperty("account").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("last=-3", "last")]
    [InlineData("last=0", "last")]
    [InlineData("since=abc", "since")]
    [InlineData("limit=x", "limit")]
    [InlineData("since=-1", "since")]
    public async Task Events_query_out_of_range_or_not_a_number_is_a_problem_naming_the_parameter(string query, string field)
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var r = await op.GetAsync("/events?" + query);
        var p = await Read(r, HttpStatusCode.BadRequest);
        Assert.StartsWith("application/problem+json", r.Content.Headers.ContentType?.ToString());
        Assert.Equal(field, p.GetProperty("field").GetString());
        Assert.StartsWith($"field \"{field}\": ", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Event_stream_with_a_Last_Event_ID_beyond_the_end_delivers_new_events_from_now()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        await Read(await op.PostAsync("/commands", Jsonl("""{"type":"deposit","account":"alice","amount":"10"}""")), HttpStatusCode.OK);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        request.Headers.Add("Last-Event-ID", "1000000");
        using var resp = await op.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(cts.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(cts.Token)); // the stream is open: now a new event
        await Read(await op.PostAsync("/commands", Jsonl("""{"type":"deposit","account":"bob","amount":"7"}""")), HttpStatusCode.OK);
        string? data = null;
        while (data is null && await reader.ReadLineAsync(cts.Token) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line[6..];
        Assert.NotNull(data);
        var e = JsonDocument.Parse(data).RootElement;
        Assert.Equal(2, e.GetProperty("seq").GetInt64());
        Assert.Equal("bob", e.GetProperty("account").GetString());
    }
}
