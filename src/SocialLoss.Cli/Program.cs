using System.CommandLine;
using SocialLoss.Cli;

var root = new RootCommand("socialloss: a clearing engine for what a venue does with a loss a failed account cannot pay (liquidation, ADL, clawback, insurance fund, deficit).")
{
    ReplayCommand.Create(),
    DemoCommand.Create(),
    CompareCommand.Create(),
    VerifyCommand.Create(),
    SimulateCommand.Create(),
    BenchCommand.Create(),
    ServeCommand.Create(),
    LoadTestCommand.Create(),
    FailoverTestCommand.Create(),
};
try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliError e)
{
    Console.Error.WriteLine("socialloss: " + e.Message);
    return e.ExitCode;
}
catch (Exception e)
{
    Console.Error.WriteLine("socialloss: unexpected failure (a bug: please report it with the input that caused it)");
    Console.Error.WriteLine(e);
    return 1;
}
