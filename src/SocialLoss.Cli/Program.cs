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
return root.Parse(args).Invoke();
