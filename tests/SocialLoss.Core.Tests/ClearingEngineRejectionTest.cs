using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;

namespace SocialLoss.Core.Tests;

/// <summary>A well-formed command that breaks a rule yields one <see cref="Rejected"/> event and changes nothing.</summary>
public sealed class ClearingEngineRejectionTest
{
    /// <summary>Market M (tick 1, lot 1, IM 10%, MM 5%); "a" has 100 and is long 5 at 100 against "b" (1000).</summary>
    private static EngineBuilder Setup() =>
        new EngineBuilder()
            .Market("M", 1m, 1m, "0.1", "0.05")
            .Deposit("a", "100")
            .Deposit("b", "1000")
            .Trade("M", "a", "b", 100m, 5m);

    private static Rejected AssertRejected(EngineBuilder b, Command command, RejectCode code)
    {
        var before = Canonical.State(b.Ledger);
        var events = b.Run(command);
        var rejected = Assert.IsType<Rejected>(Assert.Single(events));
        Assert.Equal(code, rejected.Code);
        Assert.Equal(before, Canonical.State(b.Ledger));
        Assert.Null(Invariants.Check(b.Ledger));
        return rejected;
    }

    [Fact]
    public void Trade_BuyerWouldEndBelowInitialMargin_RejectedAndLedgerUnchanged()
    {
        // a: equity 100, IM after buying 6 more = 10% x 1,100 = 110 > 100
        var r = AssertRejected(Setup(), new TradeCommand(EngineBuilder.M("M"), EngineBuilder.Id("a"), EngineBuilder.Id("b"), 100m, 6m),
            RejectCode.InsufficientMargin);
        Assert.Contains("a would have equity 100 below initial margin 110", r.Reason);
    }

    // Found by the UTF-8 parser's random lines: a price on the tick grid and inside the tick range, but with a value
    // beyond 64 bits, threw OverflowException from the margin check (a trade) or the sweep (a mark) and ended the run.
    // M has 1,000,000 micro-units per lot-tick, so MaxOpenValue (10^18) allows 10^12 lot-ticks of open interest.
    [Fact]
    public void Trade_WorthMoreThanAMarketMayHold_RejectedNotOverflowing()
    {
        var r = AssertRejected(Setup(), new TradeCommand(EngineBuilder.M("M"), EngineBuilder.Id("b"), EngineBuilder.Id("a"), 10_000_000_000_000m, 1m),
            RejectCode.Overflow);
        Assert.Contains("would be worth more than 1000000000000", r.Reason);
    }

    [Fact]
    public void Mark_ThatWouldValueOpenInterestBeyondTheLimit_RejectedNotOverflowing()
    {
        // open interest 5: 5 x 2 x 10^12 lot-ticks is ten times the limit (and 10^19 micro-units overflows a long)
        var r = AssertRejected(Setup(), new MarkCommand(EngineBuilder.M("M"), 2_000_000_000_000m), RejectCode.Overflow);
        Assert.Contains("the open interest of M would be worth more than", r.Reason);
        // exactly at the limit (5 x 2 x 10^11 = 10^12 lot-ticks) the mark is taken
        var b = Setup();
        Assert.Equal(5, b.Ledger.Market(EngineBuilder.M("M"))!.OpenInterest.Lots);
        Assert.Single(b.Run(new MarkCommand(EngineBuilder.M("M"), 200_000_000_000m)).OfType<Marked>()); // b is then liquidated
        Assert.Null(Invariants.Check(b.Ledger));
    }

    [Fact]
    public void Trade_SellerWouldEndBelowInitialMargin_Rejected() =>
        // a sells 16: from long 5 to short 11, IM 110 > 100 (a flip increases risk)
        AssertRejected(Setup(), new TradeCommand(EngineBuilder.M("M"), EngineBuilder.Id("b"), EngineBuilder.Id("a"), 100m, 16m),
            RejectCode.InsufficientMargin);

    [Fact]
    public void Trade_ExactlyAtInitialMargin_Accepted()
    {
        // a buys 5 more: IM 10% x 1000 = 100 = equity
        var b = Setup();
        Assert.Single(b.Run(new TradeCommand(EngineBuilder.M("M"), EngineBuilder.Id("a"), EngineBuilder.Id("b"), 100m, 5m)).OfType<Traded>());
    }

    [Fact]
    public void Trade_ReducingBelowInitialMargin_AcceptedBecauseRiskShrinks()
    {
        // Add 5 (IM 100 = equity), then at mark 98 equity is 80 < IM 98 but ≥ MM 49: selling 1 reduces risk and passes.
        var b = Setup().Trade("M", "a", "b", 100m, 5m).Mark("M", 98m);
        Assert.Single(b.Run(new TradeCommand(EngineBuilder.M("M"), EngineBuilder.Id("b"), EngineBuilder.Id("a"), 98m, 1m)).OfType<Traded>());
        // but adding is refused
        AssertRejected(b, new TradeCommand(EngineBuilder.M("M"), EngineBuilder.Id("a"), EngineBuilder.Id("b"), 98m, 1m), RejectCode.InsufficientMargin);
    }

    [Fact]
    public void Trade_InvalidValues_Rejected()
    {
        var b = Setup();
        var m = EngineBuilder.M("M");
        AssertRejected(b, new TradeCommand(new MarketId("NOPE"), EngineBuilder.Id("a"), EngineBuilder.Id("b"), 100m, 1m), RejectCode.UnknownMarket);
        AssertRejected(b, new TradeCommand(m, EngineBuilder.Id("a"), EngineBuilder.Id("a"), 100m, 1m), RejectCode.InvalidValue);
        AssertRejected(b, new TradeCommand(m, AccountId.Insurance, EngineBuilder.Id("b"), 100m, 1m), RejectCode.BuiltInAccount);
        AssertRejected(b, new TradeCommand(m, EngineBuilder.Id("a"), EngineBuilder.Id("b"), 100.5m, 1m), RejectCode.InvalidValue);
        AssertRejected(b, new TradeCommand(m, EngineBuilder.Id("a"), EngineBuilder.Id("b"), 0m, 1m), RejectCode.InvalidValue);
        AssertRejected(b, new TradeCommand(m, EngineBuilder.Id("a"), EngineBuilder.Id("b"), 100m, 0m), RejectCode.InvalidValue);
        AssertRejected(b, new TradeCommand(m, EngineBuilder.Id("a"), EngineBuilder.Id("b"), 100m, 0.5m), RejectCode.InvalidValue);
        AssertRejected(b, new TradeCommand(m, EngineBuilder.Id("a"), EngineBuilder.Id("b"), 100m, -1m), RejectCode.InvalidValue);
    }

    [Fact]
    public void Trade_NewAccountWithoutCollateral_Rejected() =>
        AssertRejected(Setup(), new TradeCommand(EngineBuilder.M("M"), EngineBuilder.Id("ghost"), EngineBuilder.Id("b"), 100m, 1m),
            RejectCode.InsufficientMargin);

    [Fact]
    public void Withdraw_AboveFreeCollateral_RejectedAndExactlyFreeAccepted()
    {
        // a: balance 100, IM 50 → free 50
        var b = Setup();
        var r = AssertRejected(b, new WithdrawCommand(EngineBuilder.Id("a"), Money.Parse("50.000001")), RejectCode.InsufficientFreeCollateral);
        Assert.Contains("exceeds free collateral 50", r.Reason);
        b.Withdraw("a", "50");
        Assert.Equal(Money.FromUnits(50), b.Balance("a"));
        Assert.Equal(Money.FromUnits(1050), b.Ledger.NetDeposits);
    }

    [Fact]
    public void Withdraw_UnrealizedProfit_NotWithdrawable()
    {
        // b is short 5 at 100; at 90 it has 50 of unrealized profit. b: balance 1000, equity 1050, IM 10% x 450 = 45:
        // free = min(1000, 1050) − 45 = 955. (a: equity 100 − 50 = 50 ≥ MM 22.5, not liquidated.)
        var b = Setup().Mark("M", 90m);
        Assert.Equal(Money.FromUnits(955), Risk.FreeCollateral(b.Ledger, b.Account("b")));
        AssertRejected(b, new WithdrawCommand(EngineBuilder.Id("b"), Money.Parse("955.000001")), RejectCode.InsufficientFreeCollateral);
    }

    [Fact]
    public void Withdraw_InvalidTargets_Rejected()
    {
        var b = Setup();
        AssertRejected(b, new WithdrawCommand(EngineBuilder.Id("nobody"), Money.FromUnits(1)), RejectCode.UnknownAccount);
        AssertRejected(b, new WithdrawCommand(AccountId.Insurance, Money.FromUnits(1)), RejectCode.BuiltInAccount);
        AssertRejected(b, new WithdrawCommand(AccountId.Market, Money.FromUnits(1)), RejectCode.BuiltInAccount);
        AssertRejected(b, new WithdrawCommand(EngineBuilder.Id("a"), Money.Zero), RejectCode.InvalidValue);
    }

    [Fact]
    public void Deposit_ToBuiltInOrNonPositive_Rejected()
    {
        var b = Setup();
        AssertRejected(b, new DepositCommand(AccountId.Insurance, Money.FromUnits(10)), RejectCode.BuiltInAccount);
        AssertRejected(b, new DepositCommand(AccountId.Market, Money.FromUnits(10)), RejectCode.BuiltInAccount);
        AssertRejected(b, new DepositCommand(EngineBuilder.Id("a"), Money.Zero), RejectCode.InvalidValue);
        AssertRejected(b, new DepositCommand(EngineBuilder.Id("a"), Money.FromUnits(-1)), RejectCode.InvalidValue);
    }

    [Fact]
    public void UnknownMarket_MarkFundingBook_Rejected()
    {
        var b = Setup();
        var nope = new MarketId("NOPE");
        AssertRejected(b, new MarkCommand(nope, 1m), RejectCode.UnknownMarket);
        AssertRejected(b, new FundingCommand(nope, Rate.Parse("0.001")), RejectCode.UnknownMarket);
        AssertRejected(b, new BookCommand(nope, [], []), RejectCode.UnknownMarket);
    }

    [Fact]
    public void Configure_AfterActivity_RejectedOutOfOrder() =>
        AssertRejected(Setup(), new ConfigureCommand(EngineConfig.Default), RejectCode.OutOfOrder);

    [Fact]
    public void Configure_AfterOnlyRejectedCommands_Accepted()
    {
        var b = new EngineBuilder();
        b.Run(new DepositCommand(AccountId.Insurance, Money.FromUnits(1)));
        Assert.False(b.Ledger.HasActivity);
        b.Configure(closeOut: [CloseOutStage.Adl]);
        Assert.Equal([CloseOutStage.Adl], b.Ledger.Config.CloseOut);
    }

    [Fact]
    public void Configure_StageListedTwice_Rejected()
    {
        var b = new EngineBuilder();
        AssertRejected(b, new ConfigureCommand(EngineBuilder.Config(closeOut: [CloseOutStage.Adl, CloseOutStage.Adl])), RejectCode.InvalidValue);
        AssertRejected(b, new ConfigureCommand(EngineBuilder.Config(waterfall: [WaterfallStageKind.Insurance, WaterfallStageKind.Insurance])),
            RejectCode.InvalidValue);
    }

    [Fact]
    public void ListMarket_DuplicateOrInvalid_Rejected()
    {
        var b = Setup();
        AssertRejected(b, new ListMarketCommand(EngineBuilder.M("M"), 1m, 1m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Zero, []),
            RejectCode.DuplicateMarket);
        AssertRejected(b, new ListMarketCommand(EngineBuilder.M("N"), 0.001m, 0.0001m, Rate.Parse("0.1"), Rate.Parse("0.05"), Rate.Zero, []),
            RejectCode.InvalidMarket);
    }

    [Fact]
    public void Mark_OffTickOrNonPositive_Rejected()
    {
        var b = Setup();
        AssertRejected(b, new MarkCommand(EngineBuilder.M("M"), 99.5m), RejectCode.InvalidValue);
        AssertRejected(b, new MarkCommand(EngineBuilder.M("M"), 0m), RejectCode.InvalidValue);
        AssertRejected(b, new MarkCommand(EngineBuilder.M("M"), -5m), RejectCode.InvalidValue);
    }

    [Fact]
    public void Funding_NoMarkOrRateAboveOne_Rejected()
    {
        var b = Setup().Market("N", 1m, 1m, "0.1", "0.05");
        AssertRejected(b, new FundingCommand(EngineBuilder.M("N"), Rate.Parse("0.001")), RejectCode.NoMark);
        AssertRejected(b, new FundingCommand(EngineBuilder.M("M"), Rate.Parse("1.000000001")), RejectCode.InvalidValue);
    }

    [Fact]
    public void Book_InvalidLevel_RejectedNamingIt()
    {
        var b = Setup();
        var r = AssertRejected(b, new BookCommand(EngineBuilder.M("M"), [(99m, 1m), (98.5m, 1m)], []), RejectCode.InvalidValue);
        Assert.StartsWith("bids[1]", r.Reason);
        r = AssertRejected(b, new BookCommand(EngineBuilder.M("M"), [], [(101m, 0m)]), RejectCode.InvalidValue);
        Assert.StartsWith("asks[0]", r.Reason);
    }

    [Fact]
    public void Book_SamePriceTwice_MergedIntoOneLevel()
    {
        var b = Setup().Book("M", [(98m, 1m), (99m, 2m), (98m, 3m)], []);
        Assert.Equal([(99L, 2L), (98L, 4L)], b.MarketState("M").Bids.Select(l => (l.Price.Ticks, l.Quantity.Lots)));
    }

    [Fact]
    public void TopUpAndBackstop_InvalidValues_Rejected()
    {
        var b = Setup();
        AssertRejected(b, new InsuranceCommand(Money.Zero), RejectCode.InvalidValue);
        AssertRejected(b, new BackstopCommand(AccountId.Insurance, true), RejectCode.BuiltInAccount);
        AssertRejected(b, new BackstopCommand(AccountId.Market, true), RejectCode.BuiltInAccount);
    }
}
