using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary>A fluent driver: runs commands through a real engine and keeps every event.</summary>
internal sealed class Scenario
{
    private int _line;

    public ClearingEngine Engine { get; } = new();

    public Ledger Ledger => Engine.Ledger;

    public List<EngineEvent> Events { get; } = [];

    public IReadOnlyList<EngineEvent> Run(Command c)
    {
        var produced = Engine.Execute(c, ++_line);
        Events.AddRange(produced);
        var violation = Invariants.Check(Ledger);
        Assert.True(violation is null, violation);
        return produced;
    }

    public Scenario Config(EngineConfig config) { Run(new ConfigureCommand(config)); return this; }

    public Scenario Market(string id, string tick, string lot, string im, string mm, string fee = "0", params MarginTier[] tiers)
    {
        var e = Run(new ListMarketCommand(new MarketId(id), decimal.Parse(tick), decimal.Parse(lot), Rate.Parse(im), Rate.Parse(mm), Rate.Parse(fee), tiers));
        Assert.IsType<MarketListed>(Assert.Single(e));
        return this;
    }

    public Scenario Deposit(string account, string amount) { Expect<Deposited>(Run(new DepositCommand(new AccountId(account), Money.Parse(amount)))); return this; }

    public Scenario Trade(string market, string buyer, string seller, string price, string quantity)
    {
        Expect<Traded>(Run(new TradeCommand(new MarketId(market), new AccountId(buyer), new AccountId(seller), decimal.Parse(price), decimal.Parse(quantity))));
        return this;
    }

    public IReadOnlyList<EngineEvent> Mark(string market, string price) => Run(new MarkCommand(new MarketId(market), decimal.Parse(price)));

    public Scenario Book(string market, (string, string)[] bids, (string, string)[] asks)
    {
        Run(new BookCommand(new MarketId(market), bids.Select(b => (decimal.Parse(b.Item1), decimal.Parse(b.Item2))).ToArray(),
            asks.Select(a => (decimal.Parse(a.Item1), decimal.Parse(a.Item2))).ToArray()));
        return this;
    }

    public Scenario Insurance(string amount) { Run(new InsuranceCommand(Money.Parse(amount))); return this; }

    public Core.Accounts.Account Account(string id) => Ledger.Account(new AccountId(id))!;

    private static void Expect<T>(IReadOnlyList<EngineEvent> events)
    {
        Assert.True(events.Count > 0 && events[0] is T, $"expected {typeof(T).Name}, got {string.Join(", ", events)}");
    }
}
