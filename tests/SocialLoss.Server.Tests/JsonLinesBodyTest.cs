using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>
/// The byte path of <c>POST /commands</c> (JSON lines read as UTF-8) must number lines, skip, trim and journal exactly as
/// the text path did: a byte order mark, CRLF, blank and comment lines, white space at the edges (Unicode's too).
/// </summary>
public sealed class JsonLinesBodyTest
{
    private static ByteArrayContent Body(byte[] bytes)
    {
        var c = new ByteArrayContent(bytes);
        c.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return c;
    }

    [Fact]
    public async Task Edges_of_lines_are_read_as_the_text_path_reads_them()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var text = "\uFEFF{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}\r\n"
            + "\r\n"
            + "  // a comment\n"
            + "\t {\"type\":\"deposit\",\"account\":\"b\",\"amount\":\"2\"} \t\r\r\n"
            + "\u00A0{\"type\":\"deposit\",\"account\":\"c\",\"amount\":\"3\"}\u2003\n"
            + "{\"type\":\"deposit\",\"account\":\"d@x.y\",\"amount\":\"4\"}";
        var r = await op.PostAsync("/commands", Body(Encoding.UTF8.GetBytes(text)));
        var answer = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/json", r.Content.Headers.ContentType?.ToString());
        Assert.Equal(1, answer.GetProperty("first").GetInt64());
        Assert.Equal(4, answer.GetProperty("last").GetInt64());
        Assert.Equal(["a", "b", "c", "d@x.y"], answer.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("account").GetString()));
        await svc.StopAsync();
        using var store = SqliteStore.Open(svc.Db);
        Assert.Equal(
        [
            "{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}",
            "{\"type\":\"deposit\",\"account\":\"b\",\"amount\":\"2\"}",
            "{\"type\":\"deposit\",\"account\":\"c\",\"amount\":\"3\"}",
            "{\"type\":\"deposit\",\"account\":\"d@x.y\",\"amount\":\"4\"}",
        ], store.Read().Select(x => x.Line));
    }

    [Fact]
    public async Task A_bad_line_is_named_by_its_number_in_the_body()
    {
        await using var svc = await RunningService.StartAsync();
        using var op = svc.Operator();
        var text = "{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}\r\n\n// skip\n {\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"x\"}\n";
        var r = await op.PostAsync("/commands", Body(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var p = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(4, p.GetProperty("line").GetInt32());
        Assert.Equal("amount", p.GetProperty("field").GetString());
        Assert.StartsWith("line 4: ", p.GetProperty("detail").GetString());

        // invalid UTF-8 inside a line: decoded as U+FFFD, as the text path's reader did, and named by the parser
        var bad = Encoding.UTF8.GetBytes("{\"type\":\"deposit\",\"account\":\"a\",\"amount\":\"1\"}\n{\"type\":\"dep\"}");
        bad[^4] = 0xFF;
        r = await op.PostAsync("/commands", Body(bad));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        p = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, p.GetProperty("line").GetInt32());
        Assert.Equal(0, svc.Service.Position);
    }
}
