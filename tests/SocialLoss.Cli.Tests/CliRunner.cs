using System.Diagnostics;

namespace SocialLoss.Cli.Tests;

/// <summary>Runs the real <c>socialloss</c> executable as a process, as a user would.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "socialloss.dll");

    public static Result Run(string? stdin, params string[] args) => RunBytes(stdin is null ? null : System.Text.Encoding.UTF8.GetBytes(stdin), args);

    /// <summary>Runs with <paramref name="stdin"/> as raw bytes on standard input (bytes a string cannot hold: invalid UTF-8).</summary>
    public static Result RunBytes(byte[]? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(ExecutablePath);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.BaseStream.Write(stdin);
            p.StandardInput.Close();
        }

        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("socialloss did not finish in 60 s");
        }

        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string TempFile(string name, string? content = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "socialloss-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        if (content is not null)
            File.WriteAllText(path, content);
        return path;
    }
}
