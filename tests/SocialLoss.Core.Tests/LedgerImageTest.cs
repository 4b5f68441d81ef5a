using CsCheck;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

/// <summary>
/// A ledger captured at any point and restored into a new engine goes on exactly as the original: the same
/// events for every later command and the same final state. This is what makes a snapshot a safe place to
/// start recovery from instead of the beginning of the journal.
/// </summary>
public class LedgerImageTest
{
    [Fact]
    public void CaptureAnywhere_RestoreIntoNewEngine_SameEventsAndStateAfterwards()
    {
        Gen.Select(RandomCrashPropertyTest.GenPlan, Gen.Int[0, 1000]).Sample((plan, at) =>
        {
            var original = new ClearingEngine();
            var events = new List<List<EngineEvent>>();
            LedgerImage? image = null;
            int cut = -1;
            int total = 10 + plan.Accounts + plan.Ops.Length; // commands the plan will run (setup + ops), roughly
            int wanted = at * total / 1000;
            var commands = RandomCrashPropertyTest.Execute(plan, original, (_, produced) =>
            {
                events.Add([.. produced]);
                if (image is null && events.Count >= wanted)
                {
                    image = original.Ledger.Capture();
                    cut = events.Count;
                }
            });
            image ??= original.Ledger.Capture();
            if (cut < 0)
                cut = events.Count;

            var ledger = Ledger.FromImage(image);
            if (ImageText.Of(ledger.Capture()) != ImageText.Of(image))
                throw new Exception("restoring an image and capturing again changed it");
            var restored = new ClearingEngine(ledger);
            if (at % 2 == 0)
                restored.Prepare(); // half the restores build the indexes before the first command (as a recovering service does)
            for (int i = cut; i < commands.Count; i++)
            {
                var got = restored.Execute(commands[i], i + 1).Select(e => e.ToString()).ToList();
                var want = events[i].Select(e => e.ToString()).ToList();
                if (!got.SequenceEqual(want))
                    throw new Exception($"command {i + 1} of {commands.Count} ({commands[i]}), restored at {cut}:\n restored: {string.Join("\n  ", got)}\n original: {string.Join("\n  ", want)}");
            }

            var a = ImageText.Of(original.Ledger.Capture());
            var b = ImageText.Of(restored.Ledger.Capture());
            if (a != b)
                throw new Exception($"restored at {cut}: final states differ\n{a}\nvs\n{b}");
        }, iter: 400);
    }

    [Fact]
    public void RestoredLedger_NextMarkLiquidatesFromTheRebuiltIndex()
    {
        var b = new EngineBuilder();
        var m = new MarketId("P");
        b.Do(new ListMarketCommand(m, 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Zero, []))
            .Do(new DepositCommand(new AccountId("a"), Money.FromUnits(100)))
            .Do(new DepositCommand(new AccountId("b"), Money.FromUnits(1000)))
            .Do(new TradeCommand(m, new AccountId("a"), new AccountId("b"), 100m, 10m));
        var engine = new ClearingEngine(Ledger.FromImage(b.Ledger.Capture()));

        // a: equity 100 + 10 x (90 − 100) = 0 < maintenance 45
        var events = engine.Execute(new MarkCommand(m, 90m), 5);
        Assert.Equal("a", Assert.Single(events.OfType<Liquidated>()).Account.Value);
        Assert.Equal(b.Ledger.LastSeq + 1, events[0].Seq);
    }

    [Fact]
    public void EmptyLedger_RoundTrips_AndConfigIsStillAccepted()
    {
        var ledger = Ledger.FromImage(new Ledger().Capture());
        Assert.False(ledger.HasActivity);
        Assert.Equal(new[] { "insurance", "market" }, ledger.Accounts.Keys);
        var engine = new ClearingEngine(ledger);
        var e = Assert.Single(engine.Execute(new ConfigureCommand(EngineConfig.Default with { WithdrawalHaircut = true }), 1));
        Assert.IsType<Configured>(e);
        Assert.Equal(1, e.Seq);
    }

    [Fact]
    public void ImageThatCannotBeAState_IsRefused()
    {
        var b = new EngineBuilder();
        var m = new MarketId("P");
        b.Do(new ListMarketCommand(m, 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Zero, []))
            .Do(new DepositCommand(new AccountId("a"), Money.FromUnits(100)))
            .Do(new BackstopCommand(new AccountId("v"), true));
        var image = b.Ledger.Capture();
        var a = image.Accounts.Single(x => x.Id.Value == "a");
        Assert.Throws<InvalidOperationException>(() => Ledger.FromImage(image with { Accounts = [.. image.Accounts, a] }));
        Assert.Throws<InvalidOperationException>(() => Ledger.FromImage(image with
        {
            Accounts = [.. image.Accounts.Select(x => x.Id == a.Id ? x with { Positions = [new PositionImage(new MarketId("Q"), new Quantity(1), Money.Zero)] } : x)],
        }));
        Assert.Throws<InvalidOperationException>(() => Ledger.FromImage(image with { Backstops = [] }));
        Assert.Throws<InvalidOperationException>(() => Ledger.FromImage(image with { Backstops = [.. image.Backstops, a.Id] }));
        Assert.Throws<InvalidOperationException>(() => Ledger.FromImage(image with { Markets = [.. image.Markets, image.Markets[0]] }));
    }
}
