using System.Text;
using CsCheck;
using SocialLoss.Contract;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract.Tests;

public class LedgerImageJsonTest
{
    private static readonly Gen<long> Amount = Gen.OneOf(Gen.Long, Gen.Long[-1_000_000_000, 1_000_000_000], Gen.Const(0L));

    private static readonly Gen<string> Name = Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 1, 12], Gen.Const("ü\"\\ \u2028x"), Gen.Const("a/b"));

    // A market's specification is read as a market command is: its id follows the contract's id rule.
    private static readonly Gen<string> MarketName = Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 1, 12], Gen.Const("BTC-PERP:x@y_z.1"));

    private static readonly Gen<EngineConfig> Config = Gen.Select(
        Gen.Enum<AdlRankingKind>().Where(k => (int)k != 0), Gen.Enum<ClawbackMethod>().Where(k => (int)k != 0), Gen.Bool, Gen.ULong, Gen.Int[1, 1000], Gen.Long[1, Rate.Scale],
        (ranking, method, haircut, seed, window, cap) => EngineConfig.Default with
        {
            AdlRanking = ranking,
            ClawbackMethod = method,
            WithdrawalHaircut = haircut,
            Waterfall = [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback, WaterfallStageKind.TearUp],
            AdlSeed = seed,
            AdlWindow = window,
            ClawbackCap = new Rate(cap),
            AdlTrigger = AdlTrigger.Okx,
        });

    private static readonly Gen<MarketImage> Market = Gen.Select(MarketName, Gen.Bool, Gen.Long[1, 1_000_000].Array[0, 4], Gen.Long[0, long.MaxValue / 2].Array[0, 6],
        (name, tiers, marks, levels) =>
        {
            MarginTier[] t = tiers ? [new MarginTier(Money.FromUnits(5_000), Rate.Parse("0.05"), Rate.Parse("0.02"))] : [];
            var spec = MarketSpec.Create(new MarketId(name), 0.1m, 0.001m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Parse("0.005"), t, out _)!;
            var book = levels.Select(l => new BookLevel(new Price(l), new Quantity(l / 3 + 1))).ToArray();
            return new MarketImage(spec, marks.Length == 0 ? null : new Price(marks[0]), book, book.Reverse().ToArray());
        });

    private static readonly Gen<AccountImage> Account = Gen.Select(Name, Amount.Array[7], Gen.Bool, Gen.Bool, Gen.Select(Amount, Amount).Array[0, 3], Gen.Long.Array[0, 2],
        (id, m, defaulted, backstop, positions, partial) => new AccountImage(new AccountId(id), new Money(m[0]), new Money(m[1]), new Money(m[2]), new Money(m[3]),
            new Money(m[4]), new Money(m[5]), new Money(m[6]), defaulted, backstop,
            [.. positions.Select((p, i) => new PositionImage(new MarketId("m" + i), new Quantity(p.Item1), new Money(p.Item2)))])
        {
            PartialLiquidations = [.. partial.Select((t, i) => (new MarketId("m" + i), new Timestamp(t)))], // a running cooldown survives a restore
        });

    private static readonly Gen<LedgerImage> Image = Gen.Select(Config, Market.Array[0, 3], Account.Array[0, 8], Gen.Long.Array[0, 5], Amount.Array[3], Gen.Bool, Gen.Long[0, long.MaxValue],
        (config, markets, accounts, history, totals, active, seq) => new LedgerImage(config, markets, accounts,
            [.. accounts.Where(a => a.IsBackstop).Select(a => a.Id)], history, new Money(totals[0]), new Money(totals[1]), new Money(totals[2]), active, seq));

    [Fact]
    public void AnyImage_ReadsBackToTheSameBytes()
    {
        Image.Sample(image =>
        {
            var bytes = LedgerImageJson.Write(image);
            var again = LedgerImageJson.Write(LedgerImageJson.Read(bytes));
            if (!bytes.AsSpan().SequenceEqual(again))
                throw new Exception($"round trip changed the image:\n{Encoding.UTF8.GetString(bytes)}\n{Encoding.UTF8.GetString(again)}");
        }, iter: 500);
    }

    [Fact]
    public void RealLedger_RestoredFromBytes_HasTheSameStateHash_AndGoesOnTheSame()
    {
        var lines = ReplayTest.Crash.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(CommandParser.Parse).ToList();
        var original = new ClearingEngine();
        for (int i = 0; i < 8; i++)
            original.Execute(lines[i], i + 1);
        var bytes = LedgerImageJson.Write(original.Ledger.Capture());
        Assert.Equal(bytes, LedgerImageJson.Write(original.Ledger.Capture()));
        var restored = new ClearingEngine(Ledger.FromImage(LedgerImageJson.Read(bytes)));
        Assert.Equal(StateHash.Compute(original.Ledger), StateHash.Compute(restored.Ledger));
        for (int i = 8; i < lines.Count; i++)
            Assert.Equal(original.Execute(lines[i], i + 1).Select(e => e.ToString()), restored.Execute(lines[i], i + 1).Select(e => e.ToString()));
        Assert.Equal(StateHash.Compute(original.Ledger), StateHash.Compute(restored.Ledger));
        Assert.Equal(LedgerImageJson.Write(original.Ledger.Capture()), LedgerImageJson.Write(restored.Ledger.Capture()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"format\":\"socialloss-ledger-image\",\"version\":1")]
    [InlineData("[]")]
    public void NotAnImage_IsAFormatException(string text) =>
        Assert.Throws<FormatException>(() => LedgerImageJson.Read(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void OtherVersionOrUnknownField_IsAFormatException()
    {
        var text = Encoding.UTF8.GetString(LedgerImageJson.Write(new Ledger().Capture()));
        Assert.Contains("version 2", Assert.Throws<FormatException>(() => LedgerImageJson.Read(Encoding.UTF8.GetBytes(text.Replace("\"version\":1", "\"version\":2")))).Message);
        Assert.Contains("\"extra\"", Assert.Throws<FormatException>(() => LedgerImageJson.Read(Encoding.UTF8.GetBytes(text.Replace("{\"format\"", "{\"extra\":1,\"format\"")))).Message);
        Assert.Throws<FormatException>(() => LedgerImageJson.Read(Encoding.UTF8.GetBytes(text.Replace("\"closeout\":[", "\"closeout\":[\"nope\","))));
    }
}
