using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle;

/// <summary>
/// A deliberately naive clearing engine that implements the same rules as <c>SocialLoss.Core</c>, every command and
/// every policy option: money, sizes and prices as <see cref="decimal"/> in whole units; every mark, trade and
/// funding scans every account; the ADL queue is rebuilt and re-sorted for every fill; no index, no cache. It shares
/// only the command and event types with Core (so its events can be compared line by line, and replayed into a Core
/// ledger for the state hash); every decision and every amount is computed here, independently.
/// </summary>
/// <remarks>
/// Supported: <c>config</c> with closeout <c>book</c>/<c>backstop</c>/<c>adl</c>, every ADL ranking (<c>bitmex</c>,
/// <c>binance</c>, <c>hyperliquid</c>, <c>size</c>, <c>dydx</c>, <c>fair</c>, <c>leverage</c>, <c>budgeted</c>) at
/// <c>bankruptcy</c>, <c>mark</c> or <c>previous-mark</c>, every trigger, allocation <c>per-bankruptcy</c> or <c>per-wave</c>,
/// backstop price <c>bankruptcy</c>, <c>mark</c> or <c>ftx</c> or by transfer (<c>transferBelow</c>), partial liquidation
/// (<c>partialAbove</c>, by command time), every waterfall stage (<c>insurance</c>;
/// <c>clawback</c> by every method, <c>pro-rata</c>, <c>capped-pro-rata</c>, <c>min-max</c>, <c>risk-aware</c>, on either base; <c>open-interest</c>,
/// <c>deposit-index</c> and the CCP stages), surplus kept by the trader or paid to the fund, the withdrawal haircut;
/// <c>market</c> (flat and tiered margin, liquidation fee); <c>deposit</c>, <c>withdraw</c>, <c>trade</c>, <c>mark</c>,
/// <c>funding</c> (per account or by index), <c>book</c>, <c>insurance</c>, <c>backstop</c>, <c>settle</c>, <c>member</c>,
/// <c>sitg</c>, <c>default</c>; market price bands. A command type it does not know throws <see cref="NotSupportedException"/>.
/// </remarks>
public sealed partial class OracleEngine
{
    private const string MarketName = "market";
    private const string InsuranceName = "insurance";

    private readonly Dictionary<string, RAccount> _accounts = new(StringComparer.Ordinal);
    private readonly List<RAccount> _ordered = []; // ordinal id order, kept sorted on insert
    private readonly Dictionary<string, RMarket> _markets = new(StringComparer.Ordinal);
    private readonly List<EngineEvent> _log = [];
    private readonly Queue<decimal> _fundHistory = new(); // the fund's balance at the last adl.window marks (okx trigger)
    private List<EngineEvent> _out = [];
    private int _line;
    private Timestamp? _time; // the command's time, echoed by its events
    private long _seq;
    private bool _activity;
    private EngineConfig _config = EngineConfig.Default;

    /// <summary>An empty oracle engine with the default policy.</summary>
    public OracleEngine(bool keepLog = true)
    {
        KeepLog = keepLog;
        AddAccount(MarketName);
        AddAccount(InsuranceName);
    }

    /// <summary>When true every event is kept, so <see cref="ToLedger"/> can rebuild a Core ledger.</summary>
    public bool KeepLog { get; }

    /// <summary>Every event so far (when <see cref="KeepLog"/>).</summary>
    public IReadOnlyList<EngineEvent> Log => _log;

    /// <summary>Deficit in units.</summary>
    public decimal Deficit { get; private set; }

    /// <summary>Net deposits in units.</summary>
    public decimal NetDeposits { get; private set; }

    /// <summary>Number of accounts, built-in ones included.</summary>
    public int AccountCount => _ordered.Count;

    /// <summary>Balance of an account in units (0 when it does not exist).</summary>
    public decimal BalanceOf(string account) => _accounts.TryGetValue(account, out var a) ? a.Balance : 0m;

    /// <summary>
    /// The rankings the oracle implements: the six of contract v1, <c>leverage</c> (water-filling on leverage) and
    /// <c>budgeted</c> (online budgeted ADL).
    /// </summary>
    public static bool Covered(AdlRankingKind ranking) =>
        ranking is AdlRankingKind.Bitmex or AdlRankingKind.Binance or AdlRankingKind.Hyperliquid or AdlRankingKind.Size
            or AdlRankingKind.Dydx or AdlRankingKind.Fair or AdlRankingKind.Leverage or AdlRankingKind.Budgeted;

    /// <summary>What of <paramref name="k"/> the oracle does not reproduce, or null when it reproduces all of it.</summary>
    public static string? Unsupported(EngineConfig k)
    {
        if (!Covered(k.AdlRanking))
            return $"adl ranking {k.AdlRanking}";
        if (k.Funding is not (FundingMode.PerAccount or FundingMode.Index))
            return $"funding {k.Funding}";
        if (k.AdlPrice is not (ClosePrice.Bankruptcy or ClosePrice.Mark or ClosePrice.PreviousMark))
            return $"adl price {k.AdlPrice}";
        if (k.BackstopPrice is not (ClosePrice.Bankruptcy or ClosePrice.Mark or ClosePrice.Ftx))
            return $"backstop price {k.BackstopPrice}";
        foreach (var s in k.Waterfall)
            if (!Covered(s))
                return $"waterfall stage {s}";
        return null;
    }

    /// <summary>Executes one command (from input line <paramref name="line"/>) and returns its events.</summary>
    public IReadOnlyList<EngineEvent> Execute(Command command, int line)
    {
        _out = [];
        _line = line;
        _time = command.Time;
        var rejection = command switch
        {
            ConfigureCommand c => Configure(c),
            ListMarketCommand c => ListMarket(c),
            DepositCommand c => Deposit(c),
            WithdrawCommand c => Withdraw(c),
            TradeCommand c => Trade(c),
            MarkCommand c => Mark(c),
            FundingCommand c => Funding(c),
            BookCommand c => Book(c),
            InsuranceCommand c => TopUp(c),
            BackstopCommand c => SetBackstop(c),
            SettleCommand => Settle(),
            MemberCommand c => Member(c), // OracleEngine.Ccp.cs
            SitgCommand c => SkinInTheGame(c),
            DefaultCommand c => Default(c),
            _ => throw new NotSupportedException($"the oracle engine does not implement {command.GetType().Name}"),
        };
        if (rejection is not null)
            Emit(rejection);
        return _out;
    }

    /// <summary>
    /// Seeds a fill without the initial-margin check and without the liquidation sweep (population set-up at
    /// scale; the same as applying a <see cref="Traded"/> event to a Core ledger).
    /// </summary>
    public void SeedFill(string market, string buyer, string seller, decimal price, decimal quantity, int line)
    {
        _line = line;
        _time = null;
        _out = [];
        var m = _markets[market];
        Emit(new Traded(new MarketId(market), new AccountId(buyer), new AccountId(seller), Ticks(m, price), Lots(m, quantity)));
        ApplyTrade(m, buyer, seller, price, quantity);
    }

    // ---------------------------------------------------------------- commands

    private Rejected? Configure(ConfigureCommand c)
    {
        if (_activity)
            return new Rejected(RejectCode.OutOfOrder, "config must come before any other command");
        var k = c.Config;
        if (k.CloseOut.Distinct().Count() != k.CloseOut.Count)
            return new Rejected(RejectCode.InvalidValue, "closeout: a stage is listed twice");
        if (k.Waterfall.Distinct().Count() != k.Waterfall.Count)
            return new Rejected(RejectCode.InvalidValue, "waterfall: a stage is listed twice");
        if (CloseRulesRejection(k) is { } invalid) // OracleEngine.Transfer.cs
            return invalid;
        if (Unsupported(k) is { } what)
            throw new NotSupportedException(what);
        if (k.ClawbackCap.Ppb <= 0 || k.ClawbackCap.Ppb > Core.Numbers.Rate.Scale)
            return new Rejected(RejectCode.InvalidValue, "clawback.cap: must be greater than 0 and at most 1");
        _config = k;
        Emit(new Configured(k));
        return null;
    }

    private Rejected? ListMarket(ListMarketCommand c)
    {
        if (_markets.ContainsKey(c.Market.Value))
            return new Rejected(RejectCode.DuplicateMarket, $"market {c.Market} is already listed");
        var spec = MarketSpec.Create(c.Market, c.TickSize, c.LotSize, c.InitialMargin, c.MaintenanceMargin, c.LiquidationFee, c.Tiers,
            c.PriceBand ?? Core.Numbers.Rate.Zero, out var error);
        if (spec is null)
            return new Rejected(RejectCode.InvalidMarket, error!);
        var m = new RMarket(c.Market.Value, c.TickSize, c.LotSize, spec, Rate(c.LiquidationFee))
        {
            Indexed = _config.Funding == FundingMode.Index,
            Band = c.PriceBand ?? Core.Numbers.Rate.Zero,
        };
        decimal floor = 0, cumIm = 0, cumMm = 0, prevIm = 0, prevMm = 0;
        int n = c.Tiers.Count + 1;
        for (int i = 0; i < n; i++)
        {
            bool last = i == n - 1;
            decimal cap = last ? decimal.MaxValue : c.Tiers[i].MaxNotional.Micros * Exact.Micro;
            decimal im = last ? Rate(c.InitialMargin) : Rate(c.Tiers[i].InitialMargin);
            decimal mm = last ? Rate(c.MaintenanceMargin) : Rate(c.Tiers[i].MaintenanceMargin);
            if (i > 0)
            {
                cumIm += floor * (im - prevIm);
                cumMm += floor * (mm - prevMm);
            }

            m.Brackets.Add(new Bracket(cap, im, mm, cumIm, cumMm));
            prevIm = im;
            prevMm = mm;
            floor = cap;
        }

        _markets.Add(m.Id, m);
        Emit(new MarketListed(spec));
        return null;
    }

    private Rejected? Deposit(DepositCommand c)
    {
        if (IsBuiltIn(c.Account.Value))
            return new Rejected(RejectCode.BuiltInAccount, $"account {c.Account} is built in; use the insurance command to fund the insurance fund");
        if (c.Amount.Micros <= 0)
            return new Rejected(RejectCode.InvalidValue, "amount must be greater than 0");
        var amount = Units(c.Amount);
        Emit(new Deposited(c.Account, c.Amount));
        var a = GetOrAdd(c.Account.Value);
        a.Balance += amount;
        a.Principal += amount;
        NetDeposits += amount;
        return null;
    }

    private Rejected? Withdraw(WithdrawCommand c)
    {
        if (IsBuiltIn(c.Account.Value))
            return new Rejected(RejectCode.BuiltInAccount, $"account {c.Account} is built in");
        if (c.Amount.Micros <= 0)
            return new Rejected(RejectCode.InvalidValue, "amount must be greater than 0");
        if (!_accounts.TryGetValue(c.Account.Value, out var a))
            return new Rejected(RejectCode.UnknownAccount, $"account {c.Account} does not exist");
        var amount = Units(c.Amount);
        var free = Math.Min(a.Balance, Equity(a)) - Margin(a, maintenance: false, skip: null);
        if (amount > free)
            return new Rejected(RejectCode.InsufficientFreeCollateral, $"withdrawal of {Exact.Text(amount)} exceeds free collateral {Exact.Text(Math.Max(0m, free))}");
        PayOut(a, amount); // OracleEngine.Stages.cs: with the withdrawal haircut
        return null;
    }

    private Rejected? Trade(TradeCommand c)
    {
        if (!_markets.TryGetValue(c.Market.Value, out var m))
            return new Rejected(RejectCode.UnknownMarket, $"market {c.Market} is not listed");
        string buyer = c.Buyer.Value, seller = c.Seller.Value;
        if (buyer == seller)
            return new Rejected(RejectCode.InvalidValue, "buyer and seller must be different accounts");
        if (buyer == InsuranceName || seller == InsuranceName)
            return new Rejected(RejectCode.BuiltInAccount, "the insurance fund does not trade");
        if (c.Price % m.Tick != 0)
            return new Rejected(RejectCode.InvalidValue, $"price {Exact.Text(c.Price)} is not a multiple of the tick size {Exact.Text(m.Tick)} of {m.Id}");
        if (c.Price <= 0)
            return new Rejected(RejectCode.InvalidValue, "price must be greater than 0");
        if (c.Quantity % m.Lot != 0)
            return new Rejected(RejectCode.InvalidValue, $"quantity {Exact.Text(c.Quantity)} is not a multiple of the lot size {Exact.Text(m.Lot)} of {m.Id}");
        if (c.Quantity <= 0)
            return new Rejected(RejectCode.InvalidValue, "quantity must be greater than 0");
        if (m.Band.Ppb != 0)
        {
            // a trade further from the mark than the band is refused; with no mark there is nothing to measure from
            if (m.Mark is not { } reference)
                return new Rejected(RejectCode.NoMark, $"market {c.Market} has a price band of {m.Band} and no mark yet to measure it from; mark it first");
            if (Math.Abs(c.Price - reference) > Rate(m.Band) * reference)
                return new Rejected(RejectCode.PriceBand, $"price {Exact.Text(c.Price)} is further than {m.Band} of the mark {Exact.Text(reference)} from it");
        }

        if (CheckInitialMargin(m, buyer, c.Quantity, c.Price) is { } b)
            return b;
        if (CheckInitialMargin(m, seller, -c.Quantity, c.Price) is { } s)
            return s;
        Emit(new Traded(c.Market, c.Buyer, c.Seller, Ticks(m, c.Price), Lots(m, c.Quantity)));
        ApplyTrade(m, buyer, seller, c.Price, c.Quantity);
        Sweep();
        return null;
    }

    private void ApplyTrade(RMarket m, string buyer, string seller, decimal price, decimal quantity)
    {
        m.Mark ??= price;
        var b = GetOrAdd(buyer);
        var s = GetOrAdd(seller);
        b.Balance += Fill(b.Position(m.Id), quantity, price);
        s.Balance += Fill(s.Position(m.Id), -quantity, price);
    }

    private Rejected? CheckInitialMargin(RMarket m, string id, decimal delta, decimal price)
    {
        if (IsBuiltIn(id))
            return null;
        var a = _accounts.GetValueOrDefault(id) ?? new RAccount(id);
        var before = a.QuantityIn(m.Id);
        var after = before + delta;
        if (Math.Abs(after) <= Math.Abs(before) && (after == 0 || Math.Sign(after) == Math.Sign(before)))
            return null;
        var (equity, initial) = AfterFill(a, m, delta, price);
        if (equity >= initial)
            return null;
        return new Rejected(RejectCode.InsufficientMargin, $"{id} would have equity {Exact.Text(equity)} below initial margin {Exact.Text(initial)}");
    }

    private Rejected? Mark(MarkCommand c)
    {
        if (!_markets.TryGetValue(c.Market.Value, out var m))
            return new Rejected(RejectCode.UnknownMarket, $"market {c.Market} is not listed");
        if (c.Price % m.Tick != 0)
            return new Rejected(RejectCode.InvalidValue, $"price {Exact.Text(c.Price)} is not a multiple of the tick size {Exact.Text(m.Tick)} of {m.Id}");
        if (c.Price <= 0)
            return new Rejected(RejectCode.InvalidValue, "price must be greater than 0");
        Emit(new Marked(c.Market, Ticks(m, c.Price)));
        NotePreviousMark(m);
        m.Mark = c.Price;
        if (_config.AdlTrigger == AdlTrigger.Okx)
        {
            _fundHistory.Enqueue(_accounts[InsuranceName].Balance);
            while (_fundHistory.Count > _config.AdlWindow)
                _fundHistory.Dequeue();
        }

        Sweep();
        return null;
    }

    private Rejected? Funding(FundingCommand c)
    {
        if (!_markets.TryGetValue(c.Market.Value, out var m))
            return new Rejected(RejectCode.UnknownMarket, $"market {c.Market} is not listed");
        if (Math.Abs(c.Rate.Ppb) > Core.Numbers.Rate.Scale)
            return new Rejected(RejectCode.InvalidValue, "rate must be between -1 and 1");
        if (m.Mark is not { } mark)
            return new Rejected(RejectCode.NoMark, $"market {c.Market} has no mark yet");
        if (c.Rate.Ppb == 0)
            return null;
        if (m.Indexed)
        {
            // funding: "index": the market's cumulative payment per unit of size moves by rate x mark; nobody's cash does
            var perUnit = Rate(c.Rate) * mark;
            m.FundingIndex += perUnit;
            Emit(new FundingIndexed(c.Market, c.Rate, IndexUnits(m, perUnit), IndexUnits(m, m.FundingIndex)));
            Sweep();
            return null;
        }

        decimal rate = Math.Abs(Rate(c.Rate));
        int payerSide = c.Rate.Ppb > 0 ? 1 : -1;
        var amounts = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var receivers = new List<RAccount>();
        var weights = new List<decimal>();
        decimal collected = 0;
        foreach (var a in _ordered)
        {
            var q = a.QuantityIn(m.Id);
            if (q == 0)
                continue;
            var notional = Math.Abs(q) * mark;
            if (Math.Sign(q) == payerSide)
            {
                var pay = Exact.CeilMicro(notional * rate);
                amounts[a.Id] = -pay;
                collected += pay;
            }
            else
            {
                receivers.Add(a);
                weights.Add(notional);
            }
        }

        if (receivers.Count > 0 && collected > 0)
        {
            var parts = SplitLargestRemainder(collected, weights, Exact.Micro);
            for (int i = 0; i < receivers.Count; i++)
                amounts[receivers[i].Id] = parts[i];
        }

        foreach (var a in _ordered.ToArray())
            if (amounts.TryGetValue(a.Id, out var amount) && amount != 0)
            {
                if (a.Id == InsuranceName)
                    Emit(new InsuranceFundChanged(MoneyOf(amount), MoneyOf(a.Balance + amount), FundReason.Funding, null));
                else
                    Emit(new Funded(new AccountId(a.Id), c.Market, MoneyOf(amount), c.Rate));
                a.Balance += amount;
            }

        Sweep();
        return null;
    }

    private Rejected? Book(BookCommand c)
    {
        if (!_markets.TryGetValue(c.Market.Value, out var m))
            return new Rejected(RejectCode.UnknownMarket, $"market {c.Market} is not listed");
        var bids = new SortedDictionary<decimal, decimal>(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
        var asks = new SortedDictionary<decimal, decimal>();
        foreach (var (name, levels, into) in new[] { ("bids", c.Bids, bids), ("asks", c.Asks, asks) })
            for (int i = 0; i < levels.Count; i++)
            {
                var (p, q) = levels[i];
                if (p % m.Tick != 0 || p <= 0 || q % m.Lot != 0 || q <= 0)
                    throw new NotSupportedException("the oracle engine does not reproduce the messages of malformed book levels");
                into[p] = into.GetValueOrDefault(p) + q;
            }

        m.Bids.Clear();
        m.Bids.AddRange(bids.Select(kv => (kv.Key, kv.Value)));
        m.Asks.Clear();
        m.Asks.AddRange(asks.Select(kv => (kv.Key, kv.Value)));
        Emit(new BookUpdated(c.Market,
            m.Bids.Select(l => new BookLevel(Ticks(m, l.Price), Lots(m, l.Quantity))).ToArray(),
            m.Asks.Select(l => new BookLevel(Ticks(m, l.Price), Lots(m, l.Quantity))).ToArray()));
        return null;
    }

    private Rejected? TopUp(InsuranceCommand c)
    {
        if (c.Amount.Micros <= 0)
            return new Rejected(RejectCode.InvalidValue, "amount must be greater than 0");
        var fund = _accounts[InsuranceName];
        var amount = Units(c.Amount);
        Emit(new InsuranceFundChanged(c.Amount, MoneyOf(fund.Balance + amount), FundReason.TopUp, null));
        fund.Balance += amount;
        NetDeposits += amount;
        return null;
    }

    private Rejected? SetBackstop(BackstopCommand c)
    {
        if (IsBuiltIn(c.Account.Value))
            return new Rejected(RejectCode.BuiltInAccount, $"account {c.Account} is built in");
        Emit(new BackstopSet(c.Account, c.Enabled));
        GetOrAdd(c.Account.Value).IsBackstop = c.Enabled;
        return null;
    }

    private Rejected? Settle()
    {
        Emit(new Settled());
        foreach (var a in _ordered)
        {
            a.ProfitAtSettle = Equity(a) - a.Principal;
            a.EquityAtDefault = Equity(a); // a new VMGH period starts (Core's Ledger.Apply of settled)
        }

        return null;
    }

    // ---------------------------------------------------------------- liquidation

    /// <summary>
    /// Scans every account, in id order, and liquidates those below maintenance, until none is; then, if the insurance
    /// fund's equity is below zero (positions it took over at the mark have lost more than it holds), closes its
    /// positions down the ladder, records what is still negative as its bad debt and deficit, and scans again.
    /// </summary>
    private void Sweep()
    {
        do
            SweepAccounts();
        while (RestoreFund());
    }

    /// <summary>An insolvent fund's positions go down the ladder like any account's; the negative equity left is deficit.</summary>
    private bool RestoreFund()
    {
        var fund = _accounts[InsuranceName];
        if (Equity(fund) >= 0)
            return false;
        foreach (var market in fund.OpenMarkets().ToList())
            CloseOut(fund, _markets[market]);
        var equity = Equity(fund);
        if (equity < 0)
        {
            Emit(new BadDebt(new AccountId(fund.Id), MoneyOf(-equity)));
            Emit(new DeficitChanged(MoneyOf(-equity), MoneyOf(Deficit - equity), new AccountId(fund.Id)));
            fund.Balance -= equity;
            Deficit -= equity;
        }

        return true;
    }

    private void SweepAccounts()
    {
        if (_config.Allocation == AllocationScope.PerWave)
        {
            WaveSweep();
            return;
        }

        int limit = 2 * _ordered.Count + 8;
        for (int round = 0; ; round++)
        {
            if (round > limit)
                throw new InvalidOperationException("liquidation sweep did not converge");
            bool any = false;
            foreach (var a in _ordered.ToArray())
            {
                if (IsBuiltIn(a.Id))
                    continue;
                bool open = a.HasPositions;
                if (open && (a.IsDefaulted || Equity(a) < Margin(a, maintenance: true, skip: null)))
                {
                    LiquidatePositions(a);
                    any = true;
                }
                else if (!open && a.Balance < 0)
                {
                    Waterfall(a);
                    any = true;
                }
            }

            if (!any)
                return;
        }
    }

    /// <summary>
    /// OKX's volatility threshold: the fund is below its average over the window minus max(30% of it, the floor), in
    /// whole micro-units (averages truncated). Source: https://www.okx.com/help/iv-introduction-to-auto-deleveraging-adl
    /// </summary>
    private bool BelowOkxThreshold()
    {
        if (_fundHistory.Count == 0)
            return false;
        decimal sum = _fundHistory.Sum(b => b / Exact.Micro);
        var average = decimal.Truncate(sum / _fundHistory.Count);
        var drawdown = Math.Max(decimal.Truncate(average * 3 / 10), Units(_config.AdlFloor) / Exact.Micro);
        return _accounts[InsuranceName].Balance / Exact.Micro < average - drawdown;
    }

    private static void Consume(List<(decimal Price, decimal Quantity)> levels, decimal price, decimal quantity)
    {
        int i = levels.FindIndex(l => l.Price == price);
        var left = levels[i].Quantity - quantity;
        if (left == 0)
            levels.RemoveAt(i);
        else
            levels[i] = (price, left);
    }

    /// <summary>
    /// What each backstop takes of <paramref name="remaining"/> at <paramref name="price"/>: every backstop account in id
    /// order (not built in, not in default, not <paramref name="excluded"/>) up to its capacity, the capacities in lots
    /// split by largest remainder when together they exceed what is left.
    /// </summary>
    private List<(RAccount Backstop, decimal Quantity)> BackstopTakes(RMarket m, int side, decimal price, decimal remaining, Func<RAccount, bool> excluded)
    {
        var backstops = new List<RAccount>();
        var capacities = new List<decimal>();
        foreach (var b in _ordered)
        {
            if (!b.IsBackstop || IsBuiltIn(b.Id) || b.IsDefaulted || excluded(b))
                continue;
            var capacity = Capacity(b, m, side, price, remaining);
            if (capacity <= 0)
                continue;
            backstops.Add(b);
            capacities.Add(capacity);
        }

        var lots = capacities.Select(x => x / m.Lot).ToList();
        var split = lots.Sum() <= remaining / m.Lot ? lots : SplitLargestRemainder(remaining / m.Lot, lots, 1m);
        return backstops.Select((b, i) => (b, split[i] * m.Lot)).ToList();
    }

    /// <summary>The most a backstop can take and stay at initial margin (or not increase its risk), by binary search over lots.</summary>
    private decimal Capacity(RAccount b, RMarket m, int liquidatedSide, decimal price, decimal max)
    {
        var before = b.QuantityIn(m.Id);
        bool Fits(decimal lots)
        {
            var delta = liquidatedSide * lots * m.Lot;
            var after = before + delta;
            if (Math.Abs(after) <= Math.Abs(before) && (after == 0 || Math.Sign(after) == Math.Sign(before)))
                return true;
            var (e, im) = AfterFill(b, m, delta, price);
            return e >= im;
        }

        decimal maxLots = max / m.Lot;
        if (maxLots > 0 && !Fits(1))
            return 0;
        if (Math.Sign(before) != -liquidatedSide && Equity(b) < Margin(b, maintenance: false, skip: null))
            return 0;
        decimal lo = 0, hi = maxLots;
        while (lo < hi)
        {
            var mid = lo + decimal.Floor((hi - lo + 1) / 2);
            if (Fits(mid))
                lo = mid;
            else
                hi = mid - 1;
        }

        return lo * m.Lot;
    }

    // ---------------------------------------------------------------- loss waterfall

    private void Waterfall(RAccount bankrupt)
    {
        var debt = -bankrupt.Balance;
        if (debt <= 0)
            return;
        Emit(new BadDebt(new AccountId(bankrupt.Id), MoneyOf(debt)));
        var remaining = debt;
        foreach (var stage in _config.Waterfall)
        {
            if (remaining <= 0)
                break;
            remaining -= stage switch
            {
                WaterfallStageKind.Insurance => InsurancePays(bankrupt, remaining),
                WaterfallStageKind.Clawback => Clawback(bankrupt, remaining),
                _ => OtherStage(stage, bankrupt, remaining), // OracleEngine.Stages.cs
            };
        }

        if (remaining > 0)
        {
            Emit(new DeficitChanged(MoneyOf(remaining), MoneyOf(Deficit + remaining), new AccountId(bankrupt.Id)));
            bankrupt.Balance += remaining;
            Deficit += remaining;
        }
    }

    /// <summary>What the fund can pay: its cash down to zero, never beyond its equity (the losses of positions it took over already owe the rest).</summary>
    private decimal FundPayable()
    {
        var fund = _accounts[InsuranceName];
        return Math.Max(0m, Math.Min(fund.Balance, Equity(fund)));
    }

    private decimal InsurancePays(RAccount bankrupt, decimal remaining)
    {
        var fund = _accounts[InsuranceName];
        var pay = Math.Min(remaining, FundPayable());
        if (pay > 0)
        {
            Emit(new InsuranceFundChanged(MoneyOf(-pay), MoneyOf(fund.Balance - pay), FundReason.BadDebt, new AccountId(bankrupt.Id)));
            fund.Balance -= pay;
            bankrupt.Balance += pay;
        }

        return pay;
    }

    // ---------------------------------------------------------------- arithmetic

    /// <summary>
    /// Splits <paramref name="total"/> in proportion to <paramref name="weights"/> in whole units of the total's grain
    /// (micro-units for money, lots for sizes when called with lot counts): floors first, then one unit each to the
    /// largest remainders, ties to the lower index. Naive: remainders sorted as decimals.
    /// </summary>
    private static List<decimal> SplitLargestRemainder(decimal total, IReadOnlyList<decimal> weights, decimal grain)
    {
        decimal t = total / grain;
        decimal sum = weights.Sum(w => w / grain);
        var parts = new List<decimal>(weights.Count);
        var remainders = new List<(decimal Rem, int Index)>(weights.Count);
        decimal given = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            decimal exact = t * (weights[i] / grain);
            decimal part = Exact.FloorDiv(exact, sum);
            parts.Add(part);
            remainders.Add((exact - part * sum, i));
            given += part;
        }

        var left = t - given;
        remainders.Sort((a, b) => a.Rem != b.Rem ? b.Rem.CompareTo(a.Rem) : a.Index.CompareTo(b.Index));
        for (int k = 0; k < left; k++)
            parts[remainders[k].Index] += 1;
        return parts.Select(p => p * grain).ToList();
    }

    /// <summary>Applies a fill of <paramref name="delta"/> at <paramref name="price"/>; returns the realized PnL (cost basis removed pro rata, truncated toward zero to a micro-unit).</summary>
    private static decimal Fill(RPosition p, decimal delta, decimal price)
    {
        if (p.Market is { Indexed: true } indexed && p.Owner is { } owner)
        {
            // funding: "index": what the position accrued is settled at its old size, before the fill changes it; the
            // balance as read already counted it, so it does not move (the rounding's residue stays with the market)
            var balance = owner.Balance;
            p.Unsettled(out var residue);
            p.Snapshot = indexed.FundingIndex;
            owner.Balance = balance;
            indexed.FundingRemainder += residue;
        }

        if (delta == 0)
            return 0;
        if (p.Quantity == 0 || Math.Sign(p.Quantity) == Math.Sign(delta))
        {
            p.Cost += delta * price;
            p.Quantity += delta;
            return 0;
        }

        var closing = Math.Min(Math.Abs(delta), Math.Abs(p.Quantity));
        var closed = Math.Sign(p.Quantity) * closing;
        var removed = closing == Math.Abs(p.Quantity) ? p.Cost : Exact.TruncDiv(p.Cost * closing, Math.Abs(p.Quantity) * Exact.Micro) * Exact.Micro;
        var realized = closed * price - removed;
        p.Cost -= removed;
        p.Quantity -= closed;
        var rest = delta + closed;
        if (rest != 0)
        {
            p.Cost += rest * price;
            p.Quantity += rest;
        }

        return realized;
    }

    private decimal PnlExcept(RAccount a, string? skip)
    {
        decimal sum = 0;
        foreach (var (market, p) in a.Positions)
            if (p.Quantity != 0 && market != skip)
                sum += p.Quantity * _markets[market].Mark!.Value - p.Cost;
        return sum;
    }

    private decimal Equity(RAccount a) => a.Balance + PnlExcept(a, null);

    private decimal Margin(RAccount a, bool maintenance, string? skip)
    {
        decimal sum = 0;
        foreach (var (market, p) in a.Positions)
            if (p.Quantity != 0 && market != skip)
            {
                var m = _markets[market];
                sum += MarginOf(m, Math.Abs(p.Quantity) * m.Mark!.Value, maintenance);
            }

        return sum;
    }

    /// <summary>Tiered margin <c>notional x rate − cum</c> of the bracket the notional falls in, rounded up to a micro-unit.</summary>
    private static decimal MarginOf(RMarket m, decimal notional, bool maintenance)
    {
        var b = m.Brackets.First(x => notional <= x.Cap);
        return Exact.CeilMicro(maintenance ? notional * b.Mmr - b.CumMm : notional * b.Imr - b.CumIm);
    }

    private (decimal Equity, decimal Initial) AfterFill(RAccount a, RMarket m, decimal delta, decimal price)
    {
        var mark = m.Mark ?? price;
        var p = a.Positions.GetValueOrDefault(m.Id);
        var cost = (p?.Cost ?? 0) + delta * price;
        var q = (p?.Quantity ?? 0) + delta;
        var equity = a.Balance + PnlExcept(a, m.Id) + q * mark - cost;
        var im = Margin(a, maintenance: false, skip: m.Id) + MarginOf(m, Math.Abs(q) * mark, maintenance: false);
        return (equity, im);
    }

    /// <summary>The price at which equity is zero, on the tick grid: up for a long, down for a short, never below zero.</summary>
    private static decimal BankruptcyPrice(RMarket m, decimal otherEquity, decimal quantity, decimal cost)
    {
        if (quantity == 0)
            return 0;
        var n = cost - otherEquity;
        var d = quantity * m.Tick;
        var ticks = quantity > 0 ? Exact.CeilDiv(n, d) : Exact.FloorDiv(n, d);
        return ticks < 0 ? 0 : ticks * m.Tick;
    }

    // ---------------------------------------------------------------- plumbing

    private void Emit(EngineEvent e)
    {
        e = e with { Seq = ++_seq, Cmd = _line, Time = _time };
        if (e is not Configured and not Rejected)
            _activity = true;
        _out.Add(e);
        if (KeepLog)
            _log.Add(e);
    }

    private static bool IsBuiltIn(string id) => id is MarketName or InsuranceName;

    private RAccount GetOrAdd(string id)
    {
        if (_accounts.TryGetValue(id, out var a))
            return a;
        return AddAccount(id);
    }

    private RAccount AddAccount(string id)
    {
        var a = new RAccount(id, _markets);
        _accounts.Add(id, a);
        if (_ordered.Count == 0 || string.CompareOrdinal(_ordered[^1].Id, id) < 0)
            _ordered.Add(a);
        else
        {
            int i = 0;
            while (string.CompareOrdinal(_ordered[i].Id, id) < 0)
                i++;
            _ordered.Insert(i, a);
        }

        return a;
    }

    private static decimal Units(Money m) => m.Micros * Exact.Micro;

    private static decimal Rate(Rate r) => r.Ppb / 1_000_000_000m;

    private static Money MoneyOf(decimal units)
    {
        var micros = units * 1_000_000m;
        if (micros != decimal.Truncate(micros))
            throw new InvalidOperationException($"{units} is not a whole number of micro-units");
        return new Money((long)micros);
    }

    /// <summary>Money per unit of size as the contract's index: 10⁻¹⁵ of the quote currency per lot.</summary>
    private static Int128 IndexUnits(RMarket m, decimal perUnit)
    {
        var scaled = perUnit * m.Lot * 1_000_000_000_000_000m;
        if (scaled != decimal.Truncate(scaled))
            throw new InvalidOperationException($"{perUnit} per unit is not a whole number of index units");
        return (Int128)scaled;
    }

    private static Price Ticks(RMarket m, decimal price) => new((long)(price / m.Tick));

    private static Quantity Lots(RMarket m, decimal quantity) => new((long)(quantity / m.Lot));

    // ---------------------------------------------------------------- verification against a Core ledger

    /// <summary>
    /// Replays this engine's events into a fresh Core <see cref="Ledger"/> and checks that the ledger holds exactly the
    /// reference's own balances, principals, positions, deficit and net deposits (so a state hash of that ledger is a
    /// hash of the reference's state). Throws with the first difference.
    /// </summary>
    public Ledger ToLedger()
    {
        if (!KeepLog)
            throw new InvalidOperationException("the event log was not kept");
        var ledger = new Ledger();
        foreach (var e in _log)
            ledger.Apply(e);
        foreach (var a in _ordered)
        {
            var la = ledger.Account(new AccountId(a.Id)) ?? throw new InvalidOperationException($"account {a.Id} missing from the ledger");
            Check(a.Id, "balance", a.Balance, Units(la.Balance));
            Check(a.Id, "principal", a.Principal, Units(la.Principal));
            Check(a.Id, "profitAtSettle", a.ProfitAtSettle, Units(la.ProfitAtSettle));
            if (a.IsBackstop != la.IsBackstop)
                throw new InvalidOperationException($"{a.Id}: backstop flag differs");
            foreach (var (market, p) in a.Positions)
            {
                var m = _markets[market];
                var lp = la.PositionIn(new MarketId(market));
                Check(a.Id, market + " lots", p.Quantity / m.Lot, lp?.Quantity.Lots ?? 0);
                Check(a.Id, market + " cost", p.Cost, Units(lp?.Cost ?? Money.Zero));
            }
        }

        if (ledger.Accounts.Count != _ordered.Count)
            throw new InvalidOperationException($"ledger has {ledger.Accounts.Count} accounts, reference {_ordered.Count}");
        CheckPartialLiquidations(ledger.Capture());
        Check("", "deficit", Deficit, Units(ledger.Deficit));
        Check("", "netDeposits", NetDeposits, Units(ledger.NetDeposits));
        CheckMembers(ledger); // OracleEngine.Ccp.cs
        foreach (var m in _markets.Values)
        {
            var lm = ledger.Market(new MarketId(m.Id))!;
            if (lm.Mark?.Ticks != (m.Mark is { } mk ? (long)(mk / m.Tick) : null))
                throw new InvalidOperationException($"{m.Id}: mark differs");
            if (lm.Bids.Count != m.Bids.Count || lm.Asks.Count != m.Asks.Count)
                throw new InvalidOperationException($"{m.Id}: book differs");
            if (lm.FundingIndex != IndexUnits(m, m.FundingIndex))
                throw new InvalidOperationException($"{m.Id}: funding index differs");
            Check(m.Id, "funding remainder", m.FundingRemainder * 1_000_000_000_000_000m, (decimal)lm.FundingRemainder);
        }

        CheckPreviousMarks(ledger);

        return ledger;

        static void Check(string who, string what, decimal mine, decimal theirs)
        {
            if (mine != theirs)
                throw new InvalidOperationException($"{who} {what}: reference {mine}, ledger rebuilt from its events {theirs}");
        }
    }

    private sealed partial class RAccount(string id, IReadOnlyDictionary<string, RMarket>? markets = null)
    {
        // Under funding: "index" the balance is the cash plus what the positions accrued since they last settled
        // (rounded against the account), so every rule reads it as settled; setting it keeps the accrual apart.
        private decimal _cash;

        public string Id { get; } = id;

        public decimal Balance
        {
            get => _cash + Unsettled();
            set => _cash = value - Unsettled();
        }

        private decimal Unsettled()
        {
            decimal sum = 0;
            foreach (var p in Positions.Values)
                sum += p.Unsettled(out _);
            return sum;
        }

        public decimal Principal { get; set; }
        public decimal ProfitAtSettle { get; set; }
        public bool IsBackstop { get; set; }
        public SortedDictionary<string, RPosition> Positions { get; } = new(StringComparer.Ordinal);

        public bool HasPositions => Positions.Values.Any(p => p.Quantity != 0);

        public IEnumerable<string> OpenMarkets() => Positions.Where(kv => kv.Value.Quantity != 0).Select(kv => kv.Key);

        public decimal QuantityIn(string market) => Positions.GetValueOrDefault(market)?.Quantity ?? 0;

        public RPosition Position(string market)
        {
            if (!Positions.TryGetValue(market, out var p))
                Positions.Add(market, p = new RPosition { Market = markets?.GetValueOrDefault(market), Owner = this });
            return p;
        }
    }

    private sealed class RPosition
    {
        public decimal Quantity { get; set; }
        public decimal Cost { get; set; }

        /// <summary>The market (null for a position planned apart from an account).</summary>
        public RMarket? Market { get; init; }

        /// <summary>The account holding it (null for a planned one).</summary>
        public RAccount? Owner { get; init; }

        /// <summary>The market's funding index when it last settled (money per unit of size).</summary>
        public decimal Snapshot { get; set; }

        /// <summary>
        /// The balance change of what it accrued since: minus the owed amount rounded up to a micro-unit (a payer pays
        /// the ceiling, a receiver gets the floor); <paramref name="residue"/> what that rounding keeps.
        /// </summary>
        public decimal Unsettled(out decimal residue)
        {
            residue = 0;
            if (Market is not { Indexed: true } m || Quantity == 0 || Snapshot == m.FundingIndex)
                return 0;
            var owed = Quantity * (m.FundingIndex - Snapshot);
            var charged = Exact.CeilMicro(owed);
            residue = charged - owed;
            return -charged;
        }
    }

    private sealed record Bracket(decimal Cap, decimal Imr, decimal Mmr, decimal CumIm, decimal CumMm);

    private sealed class RMarket(string id, decimal tick, decimal lot, MarketSpec spec, decimal feeRate)
    {
        public string Id { get; } = id;
        public decimal Tick { get; } = tick;
        public decimal Lot { get; } = lot;
        public MarketSpec Spec { get; } = spec;
        public decimal FeeRate { get; } = feeRate;
        public List<Bracket> Brackets { get; } = [];
        public decimal? Mark { get; set; }

        /// <summary>The largest fraction of the mark a trade's price may differ by (zero: no band).</summary>
        public Core.Numbers.Rate Band { get; init; }

        public List<(decimal Price, decimal Quantity)> Bids { get; } = [];
        public List<(decimal Price, decimal Quantity)> Asks { get; } = [];

        /// <summary>True when listed under <c>funding: "index"</c>.</summary>
        public bool Indexed { get; init; }

        /// <summary>What one unit of long size has owed since listing (money).</summary>
        public decimal FundingIndex { get; set; }

        /// <summary>What the settlements' rounding against the accounts kept (money).</summary>
        public decimal FundingRemainder { get; set; }
    }
}
