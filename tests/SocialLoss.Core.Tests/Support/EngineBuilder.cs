using SocialLoss.Core.Accounts;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests.Support;

/// <summary>
/// Drives a <see cref="ClearingEngine"/> through commands with a fluent API and collects the events.
/// The fluent methods fail the test when the command is rejected (a setup mistake); use
/// <see cref="Run"/> to see a command's events, rejection included.
/// </summary>
internal sealed class EngineBuilder
{
    private int _line;

    public ClearingEngine Engine { get; } = new();

    public Ledger Ledger => Engine.Ledger;

    /// <summary>Every event so far, in order.</summary>
    public List<EngineEvent> Events { get; } = [];

    /// <summary>The events of the last command.</summary>
    public IReadOnlyList<EngineEvent> Last { get; private set; } = [];

    /// <summary>Executes a command and returns its events, whatever they are.</summary>
    public IReadOnlyList<EngineEvent> Run(Command command)
    {
        Last = Engine.Execute(command, ++_line);
        Events.AddRange(Last);
        return Last;
    }

    /// <summary>Executes a command that must not be rejected.</summary>
    public EngineBuilder Do(Command command)
    {
        var events = Run(command);
        if (events.OfType<Rejected>().FirstOrDefault() is { } r)
            throw new InvalidOperationException($"setup command {command} was rejected: {r.Code} {r.Reason}");
        return this;
    }

    public static EngineConfig Config(
        CloseOutStage[]? closeOut = null,
        AdlRankingKind ranking = AdlRankingKind.Bitmex,
        ClosePrice adlPrice = ClosePrice.Bankruptcy,
        WaterfallStageKind[]? waterfall = null,
        bool withdrawalHaircut = false,
        ClosePrice backstopPrice = ClosePrice.Bankruptcy) =>
        EngineConfig.Default with
        {
            CloseOut = closeOut ?? [CloseOutStage.Book, CloseOutStage.Adl],
            AdlRanking = ranking,
            AdlPrice = adlPrice,
            Waterfall = waterfall ?? [WaterfallStageKind.Insurance],
            WithdrawalHaircut = withdrawalHaircut,
            BackstopPrice = backstopPrice,
        };

    public EngineBuilder Configure(EngineConfig config) => Do(new ConfigureCommand(config));

    public EngineBuilder Configure(
        CloseOutStage[]? closeOut = null,
        AdlRankingKind ranking = AdlRankingKind.Bitmex,
        ClosePrice adlPrice = ClosePrice.Bankruptcy,
        WaterfallStageKind[]? waterfall = null,
        bool withdrawalHaircut = false,
        ClosePrice backstopPrice = ClosePrice.Bankruptcy) =>
        Configure(Config(closeOut, ranking, adlPrice, waterfall, withdrawalHaircut, backstopPrice));

    public EngineBuilder Market(string market, decimal tick, decimal lot, string initialMargin, string maintenanceMargin,
        string liquidationFee = "0", params MarginTier[] tiers) =>
        Do(new ListMarketCommand(new MarketId(market), tick, lot, Rate.Parse(initialMargin), Rate.Parse(maintenanceMargin),
            Rate.Parse(liquidationFee), tiers));

    public EngineBuilder Deposit(string account, string amount) =>
        Do(new DepositCommand(new AccountId(account), Money.Parse(amount)));

    public EngineBuilder Withdraw(string account, string amount) =>
        Do(new WithdrawCommand(new AccountId(account), Money.Parse(amount)));

    public EngineBuilder Trade(string market, string buyer, string seller, decimal price, decimal quantity) =>
        Do(new TradeCommand(new MarketId(market), new AccountId(buyer), new AccountId(seller), price, quantity));

    public EngineBuilder Mark(string market, decimal price) => Do(new MarkCommand(new MarketId(market), price));

    public EngineBuilder Funding(string market, string rate) => Do(new FundingCommand(new MarketId(market), Rate.Parse(rate)));

    public EngineBuilder Book(string market, (decimal Price, decimal Quantity)[] bids, (decimal Price, decimal Quantity)[] asks) =>
        Do(new BookCommand(new MarketId(market), bids, asks));

    public EngineBuilder TopUp(string amount) => Do(new InsuranceCommand(Money.Parse(amount)));

    public EngineBuilder Backstop(string account, bool enabled = true) => Do(new BackstopCommand(new AccountId(account), enabled));

    public Account Account(string id) => Ledger.Account(new AccountId(id)) ?? throw new InvalidOperationException($"no account {id}");

    public MarketState MarketState(string id) => Ledger.Market(new MarketId(id)) ?? throw new InvalidOperationException($"no market {id}");

    public Money Balance(string id) => Account(id).Balance;

    public Money Equity(string id) => Risk.Equity(Ledger, Account(id));

    public Quantity Position(string account, string market) => Account(account).QuantityIn(new MarketId(market));

    /// <summary>A price in ticks of a market from a decimal.</summary>
    public Price Ticks(string market, decimal price) =>
        MarketState(market).Spec.TryPrice(price, out var p, out var e) ? p : throw new InvalidOperationException(e);

    /// <summary>A quantity in lots of a market from a decimal.</summary>
    public Quantity Lots(string market, decimal quantity) =>
        MarketState(market).Spec.TryQuantity(quantity, out var q, out var e) ? q : throw new InvalidOperationException(e);

    /// <summary>Events of a type among the last command's.</summary>
    public List<T> LastOf<T>() where T : EngineEvent => Last.OfType<T>().ToList();

    public static AccountId Id(string account) => new(account);

    public static MarketId M(string market) => new(market);

    public static Money Units(string amount) => Money.Parse(amount);
}
