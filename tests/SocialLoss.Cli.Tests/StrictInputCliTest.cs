using System.Text;

namespace SocialLoss.Cli.Tests;

/// <summary>Issue 12 item 8 through the CLI: each defect reproduced on <c>replay FILE</c> and <c>replay -</c>, now exit 2 naming the line and field.</summary>
public class StrictInputCliTest
{
    private const string First = """{"type":"deposit","account":"alice","amount":"10"}""";

    public static TheoryData<string, string> BadLines => new()
    {
        { """{"type":"deposit","account":"bob","amount":"1","amount":"1000000"}""", "line 2: duplicate field \"amount\"" },
        { """{"type":"deposit","account":"bob","amount":"1","type":"withdraw"}""", "line 2: duplicate field \"type\"" },
        { """{"type":"config","adl":{"ranking":"size","ranking":"fair"}}""", "line 2: duplicate field \"adl.ranking\"" },
        { """{"type":"deposit","account":" ","amount":"1"}""", "line 2: field \"account\": expected an id of 1 to 128 characters from A-Z a-z 0-9 . _ - : @, got the string \" \"" },
        { """{"type":"deposit","account":"a\u0000b","amount":"1"}""", "line 2: field \"account\": expected an id of 1 to 128 characters" },
        { """{"type":"deposit","account":"x/y","amount":"1"}""", "line 2: field \"account\": expected an id" },
        { """{"type":"mark","market":"BTC PERP","price":"1"}""", "line 2: field \"market\": expected an id" },
        { "{\"type\":\"deposit\",\"account\":\"" + new string('a', 30_000) + "\",\"amount\":\"1\"}", "line 2: field \"account\": expected an id" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Replay_BadLine_ExitTwoOnFileAndStdinWithOnlyWholeEventLines(string bad, string expected)
    {
        var text = First + "\n" + bad + "\n" + """{"type":"deposit","account":"carol","amount":"10"}""" + "\n";
        foreach (var r in new[] { CliRunner.Run(null, "replay", CliRunner.TempFile("bad.jsonl", text)), CliRunner.Run(text, "replay", "-") })
        {
            Assert.Equal(2, r.ExitCode);
            Assert.StartsWith(expected, r.Stderr);
            Assert.Single(r.Stderr.TrimEnd('\n').Split('\n')); // one line, no stack trace
            Assert.True(r.Stderr.Length < 400, r.Stderr);
            var line = Assert.Single(r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // whole lines only, the first command's
            Assert.StartsWith("""{"seq":1,"cmd":1,"type":"deposited","account":"alice","amount":"10",""", line);
            Assert.EndsWith("}", line);
            Assert.EndsWith("\n", r.Stdout);
        }
    }

    [Fact]
    public void Replay_InvalidUtf8_ExitTwoNotAReplacementCharacter()
    {
        var bytes = Encoding.UTF8.GetBytes(First + "\n{\"type\":\"deposit\",\"account\":\"b").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("\",\"amount\":\"1\"}\n")).ToArray();
        var path = CliRunner.TempFile("bad.jsonl");
        File.WriteAllBytes(path, bytes);
        var file = CliRunner.Run(null, "replay", path);
        Assert.Equal(2, file.ExitCode);
        Assert.StartsWith("line 2: invalid UTF-8: byte 31 of the line", file.Stderr);

        var stdin = CliRunner.RunBytes(bytes, "replay", "-");
        Assert.Equal(2, stdin.ExitCode);
        Assert.StartsWith("line 2: invalid UTF-8: byte 31 of the line", stdin.Stderr);
        Assert.Single(stdin.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
