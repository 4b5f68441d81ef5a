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
}
