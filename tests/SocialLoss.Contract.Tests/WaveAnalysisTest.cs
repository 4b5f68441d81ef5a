using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract.Tests;

public class WaveAnalysisTest
{
    private static readonly AccountId Bob = new("bob");

    private static Timestamp? At(double seconds) => new Timestamp((long)(seconds * Timestamp.MicrosPerSecond));

    /// <summary>Socialization less than 5 s apart, or in adjacent steps, is one wave (arXiv 2512.01112 v3: gap of 5,000 ms).</summary>
    [Fact]
    public void Find_GapAndAdjacency()
    {
        IReadOnlyCollection<AccountId> hit = [Bob], none = [];
        var touched = new[] { hit, none, hit, none, none, hit, hit, none, hit };
        var times = new[] { At(0), At(1), At(4.9), At(6), At(20), At(30), At(60), At(61), At(70) };
        // 0 and 2: 4.9 s apart → one wave; 5 and 6: 30 s apart but adjacent steps → one wave; 8: 10 s after 6 → alone
        Assert.Equal([(0, 2), (5, 6), (8, 8)], WaveAnalysis.Find(touched, times, WaveAnalysis.DefaultGap));
        // without times only adjacent steps join
        Assert.Equal([(0, 0), (2, 2), (5, 6), (8, 8)], WaveAnalysis.Find(touched, new Timestamp?[touched.Length], WaveAnalysis.DefaultGap));
        // exactly the gap apart is a new wave ("less than waveGap apart")
        Assert.Equal([(0, 0), (2, 2)], WaveAnalysis.Find([hit, none, hit], [At(0), At(1), At(5)], WaveAnalysis.DefaultGap));
    }

    [Fact]
    public void Counterfactual_DropsAdlAndEverySocializingStage_KeepsTheRest()
    {
        var config = EngineConfig.Default with
        {
            CloseOut = [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl],
            Waterfall = [WaterfallStageKind.DefaulterMargin, WaterfallStageKind.Insurance, WaterfallStageKind.Clawback, WaterfallStageKind.OpenInterest, WaterfallStageKind.Sitg, WaterfallStageKind.SurvivorsDefaultFund],
        };
        var cf = WaveAnalysis.Counterfactual(config);
        Assert.Equal([CloseOutStage.Book, CloseOutStage.Backstop], cf.CloseOut);
        Assert.Equal([WaterfallStageKind.DefaulterMargin, WaterfallStageKind.Insurance, WaterfallStageKind.Sitg], cf.Waterfall);
        Assert.Equal(config.AdlRanking, cf.AdlRanking);
    }
}
