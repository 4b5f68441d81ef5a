using System.Text;
using CsCheck;

namespace SocialLoss.Contract.Tests;

/// <summary>The interner gives the decoded string of any bytes, the same instance for the same bytes, never another name's.</summary>
public class Utf8InternerTest
{
    [Fact]
    public void Intern_RandomNames_DecodesAsUtf8AndSharesOneStringPerName() =>
        Gen.Select(Gen.Byte[0, 3].Array[1, 6], Gen.Bool).Array[1, 60].Sample(names =>
        {
            // Bytes 0-3 mapped onto 'a', 'b', U+00E9 (two bytes) and a lone continuation byte (invalid: U+FFFD), so the
            // names collide in prefixes, lengths and decodings: ASCII, non-ASCII and invalid UTF-8 mixed.
            var interner = new Utf8Interner();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (codes, twice) in names)
            {
                var bytes = codes.SelectMany(c => c switch { 0 => "a"u8.ToArray(), 1 => "b"u8.ToArray(), 2 => "é"u8.ToArray(), _ => new byte[] { 0x80 } }).ToArray();
                var key = Convert.ToHexString(bytes);
                var s = interner.Intern(bytes);
                Assert.Equal(Encoding.UTF8.GetString(bytes), s);
                if (seen.TryGetValue(key, out var earlier))
                    Assert.Same(earlier, s);
                seen[key] = s;
                if (twice)
                    Assert.Same(s, interner.Intern((byte[])bytes.Clone()));
            }

            Assert.Equal(seen.Count, interner.Count);
        });

    [Fact]
    public void Intern_AsciiNameAndItsNonAsciiLookalike_AreDifferentNames()
    {
        // "\u0080" as a one-byte invalid sequence decodes to U+FFFD; the ASCII comparison must not let it match any ASCII name.
        var interner = new Utf8Interner();
        var ascii = interner.Intern("u0000001"u8);
        var other = interner.Intern([(byte)'u', 0x80, (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'0', (byte)'1']);
        Assert.Equal("u0000001", ascii);
        Assert.Equal("u\uFFFD000001", other);
        Assert.Same(ascii, interner.Intern("u0000001"u8));
        Assert.Equal(2, interner.Count);
    }
}
