using System.Diagnostics;

namespace SocialLoss.Client.Tests;

/// <summary>The committed document (equal to the served one, see <see cref="ClientGenerationTest"/>) passes Redocly's recommended rules.</summary>
public sealed class OpenApiLintTest
{
    [Fact]
    public async Task Document_passes_redocly_recommended_lint_with_no_error()
    {
        var script = Path.Combine(Repository.Root, "scripts", "lint-openapi.sh");
        var psi = new ProcessStartInfo("bash", [script, Repository.Document]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.SkipWhen(p.ExitCode == 3, "npm is not installed, so Redocly CLI cannot be: " + output.Trim());
        Assert.True(p.ExitCode == 0, $"Redocly lint failed (exit {p.ExitCode}):\n{output}");
    }
}
