namespace SocialLoss.Benchmarking;

/// <summary>What <c>socialloss bench</c> runs.</summary>
/// <param name="Accounts">Population of the crash run through the engine and the oracle.</param>
/// <param name="Commands">Commands in the crash path.</param>
/// <param name="Seed">Seed of the workload.</param>
/// <param name="Oracle">Also run the crash through the oracle (speed-up, hash check).</param>
/// <param name="EndToEnd">Also replay the workload as JSONL from a file, with the time broken down.</param>
/// <param name="LargeAccounts">Also run the crash at this population through the engine alone (0: not).</param>
/// <param name="FundingHolders">Also time fundings over this many holders (0: not).</param>
/// <param name="Fundings">Fundings timed in that micro-benchmark.</param>
internal sealed record BenchSettings(int Accounts, int Commands, int Seed, bool Oracle = true, bool EndToEnd = true, int LargeAccounts = 0,
    int FundingHolders = 0, int Fundings = 5);

/// <summary>The figures of one <c>socialloss bench</c>, each measured once.</summary>
internal sealed record BenchResults(CrashWorkloadOptions Options, CrashRun Core, CrashRun? Oracle, EndToEndBench.Result? EndToEnd, CrashRun? Large,
    int LargeAccounts, FundingRun? Funding)
{
    /// <summary>The same fundings under <c>funding: "index"</c> (one event each), when fundings were timed.</summary>
    public FundingRun? FundingIndex { get; init; }

    /// <summary>The oracle was not run, or reached the engine's state hash.</summary>
    public bool HashesIdentical => Oracle is null || Oracle.Hash == Core.Hash;

    /// <summary>The end to end was not run, or both of its paths wrote the same events and state.</summary>
    public bool EndToEndIdentical => EndToEnd is null || (EndToEnd.EventsIdentical && EndToEnd.HashesIdentical);
}

/// <summary>Runs the parts of <c>socialloss bench</c> one after the other, the memory of each released before the next.</summary>
internal static class BenchSuite
{
    public static BenchResults Run(BenchSettings s, Action<string> progress)
    {
        var options = new CrashWorkloadOptions(s.Accounts, s.Commands, s.Seed);
        progress($"generating workload: {s.Accounts:N0} accounts, {s.Commands:N0} crash commands (seed {s.Seed})");
        var workload = CrashWorkload.Generate(options);
        var core = MacroBench.RunCore(workload, progress);
        var oracle = s.Oracle ? MacroBench.RunOracle(workload, progress) : null;
        var endToEnd = s.EndToEnd ? EndToEndBench.Run(workload, progress) : null;
        workload = null;
        CrashRun? large = null;
        if (s.LargeAccounts > 0)
        {
            progress($"generating the large workload: {s.LargeAccounts:N0} accounts");
            large = MacroBench.RunCore(CrashWorkload.Generate(options with { Accounts = s.LargeAccounts }), progress);
        }

        var funding = s.FundingHolders > 0 ? FundingBench.Run(s.FundingHolders, s.Fundings, progress) : null;
        var fundingIndex = s.FundingHolders > 0 ? FundingBench.Run(s.FundingHolders, s.Fundings, progress, SocialLoss.Core.Engine.FundingMode.Index) : null;
        GC.KeepAlive(workload);
        return new BenchResults(options, core, oracle, endToEnd, large, s.LargeAccounts, funding) { FundingIndex = fundingIndex };
    }
}
