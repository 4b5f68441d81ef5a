using System.Diagnostics;

namespace SocialLoss.Benchmarking;

/// <summary>The failover test's hooks: shell commands (from <c>scripts/ha.sh</c>) that act on one engine's node, named by its URL.</summary>
internal static class ShellHook
{
    /// <summary>Runs a hook (<c>bash -c "HOOK URL"</c>) within what is left of the time limit; its output goes to the progress log.</summary>
    public static async Task RunAsync(string hook, string url, Stopwatch clock, TimeSpan deadline, Action<string> progress)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"{hook} {url}");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not run {hook}");
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(deadline - clock.Elapsed > TimeSpan.Zero ? deadline - clock.Elapsed : TimeSpan.FromSeconds(1));
        try
        {
            await p.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{hook} {url} did not finish within the time limit");
        }

        foreach (var line in ((await output.ConfigureAwait(false)) + (await errors.ConfigureAwait(false))).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            progress("  " + line);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{hook} {url} exited with {p.ExitCode}");
    }
}
