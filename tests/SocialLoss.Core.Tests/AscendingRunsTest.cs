using CsCheck;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

public sealed class AscendingRunsTest
{
    /// <summary>
    /// Lists made of a few sorted runs (a seeded population plus stragglers, as the account directory sees them) and of
    /// many (past the run limit, an ordinary sort) come out exactly as an ordinary sort leaves them.
    /// </summary>
    [Fact]
    public void Sort_AnyNumberOfRuns_SameAsOrdinarySort()
    {
        var runs = Gen.Int[-1_000, 1_000].Array[0, 40].Select(a => a.Order().ToArray()).Array[0, 80];
        runs.Sample(parts =>
        {
            var items = parts.SelectMany(p => p).ToList();
            var expected = items.Order().ToList();
            AscendingRuns.Sort(items, static (a, b) => a.CompareTo(b));
            Assert.Equal(expected, items);
        }, iter: 2_000);
    }

    [Fact]
    public void Sort_SeededPopulationThenBuiltInAndBackstopNames_IdOrder()
    {
        var names = new List<string> { "insurance", "market", "backstop-1", "backstop-2" };
        for (int i = 0; i < 1_000; i++)
            names.Add("u" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
        var expected = names.Order(StringComparer.Ordinal).ToList();
        AscendingRuns.Sort(names, string.CompareOrdinal);
        Assert.Equal(expected, names);
        Assert.Equal(["backstop-1", "backstop-2", "insurance", "market", "u0000000"], names.Take(5));
    }
}
