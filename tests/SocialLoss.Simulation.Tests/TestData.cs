using System.Runtime.CompilerServices;
using SocialLoss.Simulation;

namespace SocialLoss.Simulation.Tests;

internal static class TestData
{
    /// <summary>The repository root, found from this source file.</summary>
    public static string RepoRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));

    /// <summary>The repository's <c>data/</c> folder (it is part of the repository: a test that needs it never skips).</summary>
    public static string DataFolder()
    {
        var dir = Path.Combine(RepoRoot(), "data");
        Assert.True(Directory.Exists(Path.Combine(dir, SocialLoss.Simulation.DataFolder.Marker)), $"the repository's data folder is missing: {dir}");
        return dir;
    }

    public static Candle C(int minute, decimal o, decimal h, decimal l, decimal c, decimal v = 100) =>
        new(new DateTime(2025, 10, 10, 21, 0, 0, DateTimeKind.Utc).AddMinutes(minute), o, h, l, c, v);

    public static Scenario Scenario(PopulationParameters? population = null, LiquidityParameters? liquidity = null, decimal? fund = null,
        MarketParameters? market = null) =>
        new("test", "unit test", new PathSource("none.csv"), market ?? new MarketParameters(), population ?? new PopulationParameters(Accounts: 300),
            liquidity ?? new LiquidityParameters(), fund, 0.001, 7, PolicyCatalog.SimulationDefaults);

    /// <summary>A small crash: flat, then down 15% over a few candles with a wick, then a bounce.</summary>
    public static IReadOnlyList<Candle> SmallCrash() =>
    [
        C(0, 100_000, 100_200, 99_900, 100_100),
        C(1, 100_100, 100_300, 99_800, 99_900),
        C(2, 99_900, 99_950, 95_000, 95_500, 600),
        C(3, 95_500, 95_600, 88_000, 89_000, 1500),
        C(4, 89_000, 89_500, 85_000, 87_000, 1200),
        C(5, 87_000, 92_000, 86_500, 91_500, 800),
        C(6, 91_500, 93_000, 91_000, 92_800, 300),
    ];
}
