namespace SocialLoss.Simulation;

/// <summary>
/// Finds the market data folder (<c>binance_klines/</c>, <c>hyperliquid_2025-10-10/</c>): the repository ships
/// it as <c>data/</c>, and the build copies it beside the <c>socialloss</c> binary, so a fresh clone needs no flag.
/// </summary>
public static class DataFolder
{
    /// <summary>The sub-folder every data folder has; a folder without it is not taken for one.</summary>
    public const string Marker = "binance_klines";

    /// <summary>
    /// The data folder: <paramref name="explicitPath"/> (null when it does not exist), else <c>$SOCIALLOSS_DATA</c>,
    /// else <c>data/</c> beside the program (the build's copy), else the first <c>data/</c> holding
    /// <c>binance_klines/</c> found walking up from the current folder and then from the program's folder
    /// (the repository's own, when run from a checkout).
    /// </summary>
    public static string? Find(string? explicitPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            return Directory.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        var env = Environment.GetEnvironmentVariable("SOCIALLOSS_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
            return Path.GetFullPath(env);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data");
                if (Directory.Exists(Path.Combine(candidate, Marker)))
                    return candidate;
            }
        }

        return null;
    }
}
