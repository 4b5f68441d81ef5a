namespace SocialLoss.Client.Tests;

/// <summary>Paths in the repository the tests run from (found by walking up to SocialLoss.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The committed OpenAPI document the client is generated from.</summary>
    public static string Document => Path.Combine(Root, "src", "SocialLoss.Client", "openapi.json");

    /// <summary>The committed generated client.</summary>
    public static string GeneratedClient => Path.Combine(Root, "src", "SocialLoss.Client", "SocialLossClient.g.cs");

    /// <summary>True when scripts/generate-client.sh runs the tests to write the document and the client instead of checking them.</summary>
    public static bool Regenerating => Environment.GetEnvironmentVariable("SOCIALLOSS_REGENERATE") == "1";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SocialLoss.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no SocialLoss.sln above {AppContext.BaseDirectory}");
    }
}
