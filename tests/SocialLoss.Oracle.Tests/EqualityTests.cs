using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Benchmarking;
using SocialLoss.Oracle;

namespace SocialLoss.Oracle.Tests;

public class EqualityTests
{
    private static SideBySide RunWorkload(CrashWorkloadOptions o)
    {
        var w = CrashWorkload.Generate(o);
        var oracle = new SideBySide();
        int line = oracle.Seed(w);
        foreach (var c in w.Crash)
            oracle.Run(c, ++line);
        return oracle;
    }

    [Theory]
    [InlineData(1, true, false, true, null)]
    [InlineData(2, false, false, true, 1L)]
    [InlineData(3, true, true, true, 1L)]
    [InlineData(4, true, false, false, 1L)]
    [InlineData(5, true, false, true, null)]
    public void Seeded_crash_gives_identical_events_and_state_hash(int seed, bool tiered, bool adlAtMark, bool clawback, long? fund)
    {
        var oracle = RunWorkload(new CrashWorkloadOptions(Accounts: 400, Commands: 600, Seed: seed, Tiered: tiered, AdlAtMark: adlAtMark, Clawback: clawback, InsuranceFund: fund, MarksPerFunding: 40));
        var (core, reference, rebuilt) = oracle.Hashes();
        Assert.Equal(core, reference);
        Assert.Equal(core, rebuilt);
        Assert.True(oracle.Liquidations > 0, "the crash liquidates someone");
        Assert.True(oracle.AdlFills > 0, "the crash deleverages someone");
        TestContext.Current.SendDiagnosticMessage($"seed {seed}: liquidations {oracle.Liquidations}, adl {oracle.AdlFills}, book {oracle.BookFills}, backstop {oracle.BackstopFills}, clawbacks {oracle.Clawbacks}, bad debts {oracle.BadDebts}, deficits {oracle.Deficits}");
    }
}
