using CsCheck;
using SocialLoss.Benchmarking;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle.Tests;

/// <summary>
/// The clearing-house waterfall (defaulter's margin and default-fund contribution, skin in the game, the survivors'
/// contributions, assessments, VMGH, tear-up) and its commands (<c>member</c>, <c>sitg</c>, <c>default</c>) through Core
/// and the oracle: seeded crashes where a third of the accounts are members, the clearing house has capital, and members
/// are declared in default along the path. Every event and the state hash agree, and the stage under test acts.
/// </summary>
public class CcpWaterfallTests
{
    internal static readonly WaterfallStageKind[] Pfmi =
    [
        WaterfallStageKind.DefaulterMargin, WaterfallStageKind.DefaulterDefaultFund, WaterfallStageKind.Sitg,
        WaterfallStageKind.SurvivorsDefaultFund, WaterfallStageKind.Assessments, WaterfallStageKind.Vmgh,
    ];

    /// <summary>Book, backstops, then ADL at the mark (bad debt, the fund takes nothing over); or book only, the fund taking the rest.</summary>
    internal static EngineConfig Policy(WaterfallStageKind[] waterfall, bool bookOnly = false, long assessmentPpb = 2_000_000_000) =>
        EngineConfig.Default with
        {
            CloseOut = bookOnly ? [CloseOutStage.Book] : [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl],
            AdlPrice = ClosePrice.Mark,
            BackstopPrice = ClosePrice.Mark,
            Waterfall = waterfall,
            AssessmentMultiple = new Rate(assessmentPpb),
        };

    /// <summary>
    /// A seeded crash with members (every third account, contributions 1 to <paramref name="maxContribution"/>, and a
    /// backstop declared in default a third of the way), skin in the game, <paramref name="defaults"/> members declared in
    /// default along the path (one twice, a built-in and an unknown account: rejections), a settle half-way.
    /// </summary>
    internal static SideBySide Crash(EngineConfig config, int seed, int accounts, long fund, long sitg, int defaults, int commands = 300,
        int maxContribution = 2_000)
    {
        var w = CrashWorkload.Generate(new CrashWorkloadOptions(accounts, commands, seed, Tiered: seed % 2 == 0, InsuranceFund: fund,
            MarksPerFunding: 20, Config: config));
        var rng = new Random(seed);
        var sides = new SideBySide();
        int line = sides.Seed(w);
        for (int i = 0; i < accounts; i += 3)
            sides.Run(new MemberCommand(new AccountId(CrashWorkload.AccountName(i)), Money.FromUnits(rng.Next(1, maxContribution + 1))), ++line);
        sides.Run(new MemberCommand(new AccountId("insurance"), Money.FromUnits(5)), ++line);
        if (sitg > 0)
            sides.Run(new SitgCommand(Money.FromUnits(sitg)), ++line);
        sides.Run(new MemberCommand(new AccountId("backstop-2"), Money.FromUnits(50)), ++line);
        var at = new HashSet<int>();
        while (at.Count < defaults)
            at.Add(rng.Next(w.Crash.Count / 5, w.Crash.Count));
        for (int i = 0; i < w.Crash.Count; i++)
        {
            if (at.Contains(i))
            {
                var who = new AccountId(CrashWorkload.AccountName(3 * rng.Next((accounts + 2) / 3)));
                sides.Run(new DefaultCommand(who), ++line);
                sides.Run(new DefaultCommand(who), ++line); // already in default: rejected
            }

            if (i == w.Crash.Count / 3 && defaults > 0)
                sides.Run(new DefaultCommand(new AccountId("backstop-2")), ++line); // a backstop in default takes nothing over

            if (i == w.Crash.Count / 2)
            {
                sides.Run(new SettleCommand(), ++line);
                sides.Run(new DefaultCommand(new AccountId("nobody")), ++line);
                sides.Run(new DefaultCommand(new AccountId("insurance")), ++line);
            }

            sides.Run(w.Crash[i], ++line);
        }

        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        Assert.Null(Invariants.Check(sides.Core.Ledger));
        return sides;
    }

    private static int Count(SideBySide sides, Func<EngineEvent, bool> which) => sides.Oracle.Log.Count(which);

    private static bool Used(EngineEvent e, WaterfallStageKind stage) =>
        e is DefaultFundUsed u && u.Stage == stage || e is ClawedBack c && c.Stage == stage;

    [Theory]
    [InlineData(WaterfallStageKind.DefaulterDefaultFund)]
    [InlineData(WaterfallStageKind.Sitg)]
    [InlineData(WaterfallStageKind.SurvivorsDefaultFund)]
    [InlineData(WaterfallStageKind.Assessments)]
    [InlineData(WaterfallStageKind.Vmgh)]
    public void The_pfmi_waterfall_agrees_and_each_stage_pays(WaterfallStageKind stage)
    {
        // The stages before the one under test are thin (a small SITG, small contributions past the survivors'), so the loss reaches it.
        int used = 0;
        bool late = stage is WaterfallStageKind.Assessments or WaterfallStageKind.Vmgh;
        foreach (var (seed, accounts) in new[] { (3, 120), (8, 90), (29, 150) })
        {
            var sides = Crash(Policy(Pfmi), seed, accounts, fund: 1, sitg: stage == WaterfallStageKind.Sitg ? 5_000 : 20, defaults: 3,
                maxContribution: late ? 10 : 2_000);
            used += Count(sides, e => Used(e, stage));
        }

        Assert.True(used > 0, $"the {stage} stage pays");
    }

    [Fact]
    public void A_stage_alone_and_the_stages_in_another_order_agree()
    {
        int used = 0;
        foreach (var (seed, waterfall) in new[]
                 {
                     (5, new[] { WaterfallStageKind.Vmgh }),
                     (6, new[] { WaterfallStageKind.Assessments, WaterfallStageKind.Insurance }),
                     (7, new[] { WaterfallStageKind.SurvivorsDefaultFund, WaterfallStageKind.Clawback }),
                     (9, new[] { WaterfallStageKind.Vmgh, WaterfallStageKind.OpenInterest, WaterfallStageKind.DefaulterDefaultFund }),
                 })
        {
            var sides = Crash(Policy(waterfall, assessmentPpb: 500_000_000), seed, 100, fund: 1, sitg: 0, defaults: 2);
            used += Count(sides, e => Used(e, waterfall[0]));
        }

        Assert.True(used > 0, "the first stage pays");
    }

    [Fact]
    public void Tear_up_matches_the_book_the_fund_took_over()
    {
        // Book only: the fund takes what the book cannot at the mark; a fund too big to become insolvent that pays nothing
        // (no insurance stage), so each bankruptcy reaches the tear-up with the fund holding positions.
        int torn = 0;
        foreach (var seed in new[] { 3, 11, 29 })
        {
            var sides = Crash(Policy([WaterfallStageKind.DefaulterDefaultFund, WaterfallStageKind.TearUp, WaterfallStageKind.Vmgh], bookOnly: true),
                seed, 120, fund: 100_000_000, sitg: 0, defaults: 2);
            torn += Count(sides, e => e is ClosedOut { Via: CloseOutVia.TearUp });
        }

        Assert.True(torn > 0, "the tear-up closes the fund's positions");
    }

    /// <summary>
    /// VMGH spares the defaulter: a long (a) and a long (d) against shorts b and c, c declared in default before the crash.
    /// At the next mark a is bankrupt before c (id order) is closed out, so c still holds its short's gain since the default;
    /// only b pays a's bad debt (1,000 x 10 x 10% margin, marked down 15%: 500). Elliott, BoE FSP 20.
    /// </summary>
    [Fact]
    public void Vmgh_spares_a_member_in_default()
    {
        var sides = TwoPairs(EngineConfig.Default with { CloseOut = [CloseOutStage.Adl], AdlPrice = ClosePrice.Mark, Waterfall = [WaterfallStageKind.Vmgh] });
        var vmgh = sides.Oracle.Log.OfType<ClawedBack>().Where(c => c.Stage == WaterfallStageKind.Vmgh).ToList();
        var paid = Assert.Single(vmgh);
        Assert.Equal("b", paid.Account.Value);
        Assert.Equal(Money.FromUnits(500), paid.Amount);
    }

    /// <summary>
    /// The tear-up spares the defaulter too: the same two pairs with no book, so the fund takes a's long over at the mark;
    /// the tear-up closes all 10 against b, none against c (in default, not closed out yet).
    /// </summary>
    [Fact]
    public void Tear_up_spares_a_member_in_default()
    {
        var sides = TwoPairs(EngineConfig.Default with { CloseOut = [CloseOutStage.Book], Waterfall = [WaterfallStageKind.TearUp] });
        var torn = Assert.Single(sides.Oracle.Log.OfType<ClosedOut>(), c => c.Via == CloseOutVia.TearUp);
        Assert.Equal("b", torn.Counterparty.Value);
        Assert.Equal(10, torn.Quantity.Lots);
    }

    /// <summary>
    /// Tear-up over two markets: a long 10 X against b and 10 Y against c, d short 5 Y against e; no book, so the fund takes both of a's positions over at the marks when X falls to 700 (bad debt 1,000).
    /// The fund's X goes to b whole; its 10 Y split over c and d by size, 10:5 → 6.67 and 3.33 lots, largest remainder: 7 and 3.
    /// </summary>
    [Fact]
    public void Tear_up_splits_each_market_the_fund_holds_by_size()
    {
        MarketId x = new("X"), y = new("Y");
        var sides = new SideBySide();
        Command[] commands =
        [
            new ConfigureCommand(EngineConfig.Default with { CloseOut = [CloseOutStage.Book], Waterfall = [WaterfallStageKind.TearUp] }),
            new InsuranceCommand(Money.FromUnits(1)),
            new ListMarketCommand(x, 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Parse("0"), []),
            new ListMarketCommand(y, 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Parse("0"), []),
            new DepositCommand(new AccountId("a"), Money.FromUnits(2_000)),
            new DepositCommand(new AccountId("b"), Money.FromUnits(5_000)),
            new DepositCommand(new AccountId("c"), Money.FromUnits(5_000)),
            new DepositCommand(new AccountId("d"), Money.FromUnits(5_000)),
            new DepositCommand(new AccountId("e"), Money.FromUnits(5_000)),
            new TradeCommand(x, new AccountId("a"), new AccountId("b"), 1_000m, 10m),
            new TradeCommand(y, new AccountId("a"), new AccountId("c"), 1_000m, 10m),
            new TradeCommand(y, new AccountId("e"), new AccountId("d"), 1_000m, 5m),
            new MarkCommand(x, 700m),
        ];
        for (int i = 0; i < commands.Length; i++)
            sides.Run(commands[i], i + 1);
        Assert.DoesNotContain(sides.Oracle.Log, e => e is Rejected);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        var torn = sides.Oracle.Log.OfType<ClosedOut>().Where(c => c.Via == CloseOutVia.TearUp)
            .Select(c => (c.Market.Value, c.Counterparty.Value, c.Quantity.Lots)).ToList();
        Assert.Equal([("X", "b", 10L), ("Y", "c", 7L), ("Y", "d", 3L)], torn);
    }

    /// <summary>a long 10 against b, d long 10 against c at 1,000 (10% initial margin); c in default; marked down to 850.</summary>
    private static SideBySide TwoPairs(EngineConfig config)
    {
        var market = new MarketId("X");
        var sides = new SideBySide();
        Command[] commands =
        [
            new ConfigureCommand(config),
            new InsuranceCommand(Money.FromUnits(1_000_000)),
            new ListMarketCommand(market, 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Parse("0"), []),
            new DepositCommand(new AccountId("a"), Money.FromUnits(1_000)),
            new DepositCommand(new AccountId("b"), Money.FromUnits(5_000)),
            new DepositCommand(new AccountId("c"), Money.FromUnits(5_000)),
            new DepositCommand(new AccountId("d"), Money.FromUnits(5_000)),
            new TradeCommand(market, new AccountId("a"), new AccountId("b"), 1_000m, 10m),
            new TradeCommand(market, new AccountId("d"), new AccountId("c"), 1_000m, 10m),
            new MemberCommand(new AccountId("c"), Money.FromUnits(100)),
            new DefaultCommand(new AccountId("c")),
            new MarkCommand(market, 850m),
        ];
        for (int i = 0; i < commands.Length; i++)
            sides.Run(commands[i], i + 1);
        Assert.DoesNotContain(sides.Oracle.Log, e => e is Rejected);
        var (core, oracle, rebuilt) = sides.Hashes();
        Assert.Equal(core, oracle);
        Assert.Equal(core, rebuilt);
        return sides;
    }

    /// <summary>
    /// Random small crashes under random CCP waterfalls (any order, any subset, with the other stages), book-only or the
    /// full ladder, a small or a large fund (book only and a small fund: the fund takes positions over and may become
    /// insolvent), random contributions and defaults, funding per account or by index.
    /// </summary>
    [Fact]
    public void Random_crashes_agree_under_random_ccp_waterfalls()
    {
        var all = Enum.GetValues<WaterfallStageKind>();
        var waterfall = Gen.Shuffle(all).SelectMany(s => Gen.Int[1, s.Length].Select(n => s[..n]));
        var sizes = Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[1, 2_000], Gen.Bool);
        var gen = Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[9, 80], Gen.Long[0, 3_000], Gen.Int[0, 4], Gen.Long[0, 3_000_000_000], waterfall, sizes);
        gen.Sample((seed, accounts, sitg, defaults, k, w, z) =>
        {
            var (bookOnly, bigFund, contribution, index) = z;
            var config = Policy(w, bookOnly, k) with { Funding = index ? FundingMode.Index : FundingMode.PerAccount };
            Crash(config, seed, accounts, fund: bigFund ? 100_000_000 : 1, sitg, defaults, commands: 200, maxContribution: contribution);
        }, iter: 100);
    }
}
