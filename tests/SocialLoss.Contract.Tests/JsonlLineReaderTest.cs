using System.Text;
using CsCheck;

namespace SocialLoss.Contract.Tests;

/// <summary>The byte line splitter gives the lines <see cref="TextReader.ReadLine"/> gives, whatever the buffer size.</summary>
public class JsonlLineReaderTest
{
    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a\n")]
    [InlineData("a\r\nb")]
    [InlineData("a\rb\n\nc\r\r\n")]
    [InlineData("\r")]
    [InlineData("\n\n")]
    [InlineData("\uFEFFa\nb")]
    [InlineData("é\n日本\r\n😀")]
    public void TryReadLine_SameLinesAsReadLine(string text)
    {
        foreach (var size in new[] { 1, 2, 3, 5, 64 * 1024 })
            Assert.Equal(TextLines(text), ByteLines(Encoding.UTF8.GetBytes(text), size));
    }

    [Fact]
    public void TryReadLine_RandomText_SameLinesAsReadLine() =>
        Gen.Int.Sample(seed =>
        {
            var rng = new Random(seed);
            const string alphabet = "ab{}\"\r\n\n  é";
            var text = new string(Enumerable.Range(0, rng.Next(0, 200)).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray());
            int size = rng.Next(1, 40);
            Assert.Equal(TextLines(text), ByteLines(Encoding.UTF8.GetBytes(text), size));
        }, iter: 3000);

    [Fact]
    public void IsUtf8_Utf16ByteOrderMark_FalseAndDecodesAsText()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a\nb")).ToArray();
        using var reader = new JsonlLineReader(new MemoryStream(bytes));
        Assert.False(reader.IsUtf8);
        using var text = reader.ToTextReader();
        Assert.Equal("a", text.ReadLine());
        Assert.Equal("b", text.ReadLine());
    }

    private static List<string> TextLines(string text)
    {
        var lines = new List<string>();
        using var r = new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        string? line;
        while ((line = r.ReadLine()) is not null)
            lines.Add(line);
        return lines;
    }

    private static List<string> ByteLines(byte[] bytes, int bufferSize)
    {
        var lines = new List<string>();
        using var reader = new JsonlLineReader(new MemoryStream(bytes), bufferSize);
        while (reader.TryReadLine(out var line))
            lines.Add(Encoding.UTF8.GetString(line));
        return lines;
    }
}
