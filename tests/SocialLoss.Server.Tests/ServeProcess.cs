using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialLoss.Server.Tests;

/// <summary>
/// <c>socialloss serve</c> as a real process on a free loopback port: started, and either listening (<see cref="Url"/>)
/// or exited (a database it cannot open) with what it printed. Disposing kills it (SIGKILL) if it still runs.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();

    private readonly Task<string> _stderr;

    private ServeProcess(Process process, string? url, string stdout, Task<string> stderr)
    {
        Process = process;
        Url = url;
        Stdout = stdout;
        _stderr = stderr;
    }

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>Where it listens, or null when it exited instead.</summary>
    public string? Url { get; }

    /// <summary>Standard output up to the "listening" line (or all of it, when it exited).</summary>
    public string Stdout { get; }

    /// <summary>Starts <c>serve --db <paramref name="db"/></c> with <paramref name="extra"/> options and waits until it listens or exits.</summary>
    public static async Task<ServeProcess> StartAsync(string db, params string[] extra)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // no default price band: these tests compare the journal and the state with the lines they submitted, and the band
        // rewrites market lines (TotalServiceTest covers serve's default band)
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "socialloss.dll"), "serve", "--db", db, "--urls", "http://127.0.0.1:0", "--rate-limit", "100000", "--price-band", "0" }.Concat(extra))
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var seen = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await p.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            seen.AppendLine(line);
            if (Listening().Match(line) is { Success: true } m)
            {
                _ = p.StandardOutput.ReadToEndAsync(); // keep draining
                return new ServeProcess(p, m.Groups[1].Value, seen.ToString(), stderr);
            }
        }

        await p.WaitForExitAsync(cts.Token);
        return new ServeProcess(p, null, seen.ToString(), stderr);
    }

    /// <summary>An HTTP client for it, with <paramref name="key"/> as bearer token when given.</summary>
    public HttpClient Client(string? key = null)
    {
        var c = new HttpClient { BaseAddress = new Uri(Url ?? throw new InvalidOperationException($"the server is not listening: {Stdout}")), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return c;
    }

    /// <summary>Kills it with SIGKILL (as a crash) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
            Process.Kill();
        await Process.WaitForExitAsync();
    }

    /// <summary>Standard error, once the process has exited.</summary>
    public async Task<string> StderrAsync()
    {
        await KillAsync();
        return await _stderr;
    }

    /// <summary>Kills the process if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Process.Dispose();
    }
}
