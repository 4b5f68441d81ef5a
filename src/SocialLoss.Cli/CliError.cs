namespace SocialLoss.Cli;

/// <summary>
/// A failure the user can act on (a missing file, a bad option): printed once as <c>socialloss: MESSAGE</c> on standard
/// error, and the process exits with <see cref="ExitCode"/> — 1 for what is not found or cannot run, 2 for invalid input.
/// </summary>
internal sealed class CliError(int exitCode, string message) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>Something named does not exist or cannot be reached (exit 1).</summary>
    public static CliError NotFound(string message) => new(1, message);

    /// <summary>An option or an input is not valid (exit 2).</summary>
    public static CliError Invalid(string message) => new(2, message);

    /// <summary>
    /// Runs <paramref name="load"/>, turning what the libraries throw for bad input (a scenario, a policy name, a command
    /// line) into a <see cref="CliError"/> with <paramref name="exitCode"/> and the message after <paramref name="prefix"/>.
    /// </summary>
    public static T Wrap<T>(Func<T> load, int exitCode = 2, string prefix = "")
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is Simulation.ScenarioException or ArgumentException or Contract.CommandFormatException)
        {
            throw new CliError(exitCode, prefix + e.Message);
        }
    }
}
