using SocialLoss.Core.Accounts;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// The clearing engine: a single-threaded, deterministic state machine over commands. Each command is
/// validated before anything changes; a command that breaks a rule yields one <see cref="Rejected"/>
/// event and changes nothing. Every change is an event applied to the <see cref="Ledger"/>.
/// </summary>
public sealed class ClearingEngine : IEventSink
{
    private readonly SweepQueue _pending = new();
    private readonly List<Account> _dirty = [];
    private readonly HashSet<string> _defaulted = new(StringComparer.Ordinal);
    private readonly LiquidationIndex _index = new();
    private readonly Adl.AdlQueueCache _queues = new();
    private List<EngineEvent> _out = [];
    private long[] _fundingAmounts = [];
    private int[] _fundingReceivers = [];
    private long[] _fundingWeights = [];
    private int _line;
    private Timestamp? _time;
    private long _seenSeq;
    private readonly List<string> _carried = []; // found needing action at the last resync, for the next sweep

    /// <summary>An engine with an empty ledger and the default policy.</summary>
    public ClearingEngine() => Ledger = new Ledger();

    /// <summary>
    /// An engine over an existing ledger (one restored from a snapshot's <see cref="LedgerImage"/>): the engine
    /// builds its indexes from the ledger before the first command, so it acts exactly as the engine that built
    /// the ledger would.
    /// </summary>
    public ClearingEngine(Ledger ledger)
    {
        Ledger = ledger;
        _seenSeq = -1; // no ledger has this LastSeq: the first Execute resyncs, even for a ledger that never applied an event
    }

    /// <summary>The state.</summary>
    public Ledger Ledger { get; }

    /// <summary>
    /// Builds the engine's indexes now, for a ledger changed from outside it (restored from a snapshot, seeded with
    /// events), and finds the accounts that already need action — work the next command would otherwise do before its
    /// own, so the first command after a restore is not the one to wait for it. The events are the same either way.
    /// </summary>
    public void Prepare()
    {
        if (Ledger.LastSeq != _seenSeq)
            Resync();
    }

    /// <summary>
    /// How many winners an ADL queue sorts first (then four times as many each time a cascade reads past them); tests set it
    /// to 1 so every read of the lazily sorted queues goes through their extension.
    /// </summary>
    internal int AdlQueueFirstChunk { init => _queues = new Adl.AdlQueueCache(value); }

    /// <summary>
    /// Check every account after each mark, trade and funding instead of only those the index and the events
    /// point at. Slow; the results are identical (tested), it exists as the oracle for that test.
    /// </summary>
    public bool FullScan { get; init; }

    SweepQueue IEventSink.Pending => _pending;

    Timestamp? IEventSink.Time => _time;

    IEnumerable<Adl.AdlCandidate> IEventSink.AdlQueue(MarketId market, int side) =>
        FullScan ? Adl.AdlQueue.Build(Ledger, market, side, Ledger.Config.AdlRanking) : _queues.Get(Ledger, market, side);

    /// <summary>Executes one command, from input line <paramref name="line"/>, and returns the events it caused.</summary>
    public IReadOnlyList<EngineEvent> Execute(Command command, int line)
    {
        var events = new List<EngineEvent>();
        Execute(command, line, events);
        return events;
    }

    /// <summary>
    /// Executes one command, from input line <paramref name="line"/>, and appends the events it caused to
    /// <paramref name="into"/>: a caller that writes the events out before the next command reuses one list, and a
    /// trade or a quiet mark then allocates nothing but its event.
    /// </summary>
    public void Execute(Command command, int line, List<EngineEvent> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        _out = into;
        int first = into.Count;
        _line = line;
        _time = command.Time;
        _pending.Clear();
        if (Ledger.LastSeq != _seenSeq)
            Resync();
        Rejected? rejection;
        try
        {
            rejection = Dispatch(command);
        }
        catch (OverflowException) when (_out.Count == first)
        {
            // The bounds (Bounds) are meant to reject every such command by name; this catches one they missed while
            // nothing is applied yet, so the command is still refused whole. After an event an overflow is a fault.
            rejection = Reject(RejectCode.Overflow, "applying this command would overflow a 64-bit sum");
        }

        if (rejection is { } r)
        {
            if (_out.Count != first)
                throw new InvalidOperationException("a rejected command emitted events");
            Emit(r);
        }

        _index.Refresh(_dirty);
        foreach (var a in _dirty)
            a.Dirty = false;
        _dirty.Clear();
        _out = null!; // the caller's list: not kept past the command
    }

    private Rejected? Dispatch(Command command) =>
        command switch
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
            BackstopCommand c => Backstop(c),
            SettleCommand => Settle(),
            MemberCommand c => Member(c),
            SitgCommand c => SkinInTheGame(c),
            DefaultCommand c => Default(c),
            _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
        };

    void IEventSink.Emit(EngineEvent e) => Emit(e);

    private void Emit(EngineEvent e, Account? subject = null, Account? other = null)
    {
        if (e.Seq != Ledger.LastSeq + 1 || e.Cmd != _line || e.Time != _time)
            e = e with { Seq = Ledger.LastSeq + 1, Cmd = _line, Time = _time }; // a copy, unless the caller numbered it (a trade, a mark, a funding's many)
        Ledger.Apply(e, subject, other);
        _seenSeq = e.Seq;
        _out.Add(e);
        switch (e)
        {
            case Deposited x: Touch(x.Account); break;
            case Withdrawn x: Touch(x.Account); break;
            case Traded x: Touch(x.Buyer, subject); Touch(x.Seller, other); break;
            case Funded { Amount.IsPositive: true } x:
                // A receiver only gains: it cannot fall under maintenance, and its filed trigger stays conservative
                // (a long's is higher, a short's lower, than the new one), so only its ADL score must be redone.
                _queues.Touch(x.Account.Value);
                break;
            case Funded x: Touch(x.Account, subject); break;
            case InsuranceFundChanged x: Touch(AccountId.Insurance); if (x.Account is { } a) Touch(a); break;
            case ClosedOut x: Touch(x.Account); Touch(x.Counterparty); break;
            case Deleveraged x: Touch(x.Account); Touch(x.Counterparty); break;
            case ClawedBack x: Touch(x.Account); Touch(x.Bankrupt); break;
            case DeficitChanged x: Touch(x.Account); break;
            case DefaultFundUsed x: Touch(x.Bankrupt); break;
            case Defaulted x: Touch(x.Account); _defaulted.Add(x.Account.Value); break;
            case Marked:
                _queues.Invalidate();
                break;
            case FundingIndexed:
                _queues.Invalidate(); // every holder's equity moved; the payers' triggers are re-keyed by the funding
                break;
            case Settled or Configured or MarketListed or BookUpdated or BackstopSet or Liquidated or BadDebt
                or MemberContributed or SitgContributed or Rejected:
                break; // no account's equity changes (a mark's accounts come from the index)
            default:
                throw new InvalidOperationException($"event {e.GetType().Name} does not say whom it touches");
        }
    }

    /// <summary>
    /// Events were applied to the ledger from outside the engine (a simulator seeding positions, a recovery
    /// replaying a journal of events): rebuild what the engine derives from the ledger, and check every account
    /// at the next sweep, as the full scan would.
    /// </summary>
    private void Resync()
    {
        _carried.Clear();
        _queues.Invalidate();
        _defaulted.Clear();
        var all = new List<Account>(Ledger.Accounts.Count);
        foreach (var a in Ledger.Accounts.Values)
        {
            all.Add(a);
            if (a.IsDefaulted)
                _defaulted.Add(a.Id.Value);
        }

        _index.Refresh(all);
        // Who already needs action, for the next sweep: the ledger cannot change before the next command without moving its
        // sequence (which resyncs again); the sweep checks each again, and what that command puts under is a candidate
        // of the index or touched by its events, as after any command.
        foreach (var a in all)
            if (LiquidationSweep.NeedsAction(Ledger, a))
                _carried.Add(a.Id.Value);
        _seenSeq = Ledger.LastSeq;
    }

    /// <summary>
    /// An event changed the account: refile it in the index after the command, score it again for ADL, and queue it
    /// for the sweep if it needs action now. An account that does not is skipped: were it to change again before the
    /// sweep reaches it, that change is an event that touches it again; so the sweep acts on exactly the same accounts,
    /// and the tens of thousands of payers a funding touches do not each cost a queue insertion.
    /// </summary>
    private void Touch(AccountId id, Account? known = null)
    {
        _queues.Touch(id.Value);
        var account = known is not null && known.Id == id ? known : Ledger.Account(id);
        if (account is null)
            return;
        if (!account.Dirty)
        {
            account.Dirty = true;
            _dirty.Add(account);
        }

        if (LiquidationSweep.NeedsAction(Ledger, account))
            _pending.Add(id.Value);
    }

    /// <summary>Runs the liquidation sweep over the pending accounts (after a mark, plus the index's candidates).</summary>
    private void Sweep(MarketState? marked = null)
    {
        if (marked is not null)
            _index.Candidates(marked.Id, marked.RequireMark(), _pending);
        if (_carried.Count > 0)
        {
            foreach (var id in _carried) // found at the last resync (see Resync)
                _pending.Add(id);
            _carried.Clear();
        }

        if (_defaulted.Count > 0)
            _defaulted.RemoveWhere(id => Ledger.Account(new AccountId(id)) is not { HasPositions: true });
        foreach (var id in _defaulted)
            _pending.Add(id); // a declared default is closed out at the next sweep
        LiquidationSweep.Run(this);
    }

    private static Rejected Reject(RejectCode code, string reason) => new(code, reason);

    private static Rejected TooMuch(string what, Money amount) =>
        Reject(RejectCode.Overflow, $"{what} of {amount} would take a total past {Bounds.MaxTotal}, the most the engine holds in one sum");

    /// <summary>
    /// A trade further from the mark than the market's band is refused. A banded market with no mark yet refuses
    /// every trade: the band has no reference, and the first trade would otherwise set the mark at any price it
    /// names (venues quote the band around a mark that exists from listing: Binance's PERCENT_PRICE filter
    /// bounds an order by a reference price, https://developers.binance.com/docs/binance-spot-api-docs/filters).
    /// </summary>
    private static Rejected? PriceBandRejection(MarketState market, Price price, decimal text)
    {
        var band = market.Spec.PriceBand;
        if (band.Ppb == 0)
            return null;
        if (market.Mark is not { } mark)
            return Reject(RejectCode.NoMark, $"market {market.Id} has a price band of {band} and no mark yet to measure it from; mark it first");
        if (Bounds.WithinBand(price, mark, band))
            return null;
        return Reject(RejectCode.PriceBand, $"price {FixedPoint.Normalize(text)} is further than {band} of the mark {market.Spec.Format(mark)} from it");
    }

    private Rejected? Configure(ConfigureCommand c)
    {
        if (Ledger.HasActivity)
            return Reject(RejectCode.OutOfOrder, "config must come before any other command");
        if (c.Config.CloseOut.Distinct().Count() != c.Config.CloseOut.Count)
            return Reject(RejectCode.InvalidValue, "closeout: a stage is listed twice");
        if (c.Config.Waterfall.Distinct().Count() != c.Config.Waterfall.Count)
            return Reject(RejectCode.InvalidValue, "waterfall: a stage is listed twice");
        if (c.Config.AdlPrice == ClosePrice.Ftx)
            return Reject(RejectCode.InvalidValue, "adl.price: \"ftx\" is a backstop price; ADL closes at \"bankruptcy\" or \"mark\"");
        if (ConfigureRules.Check(c.Config) is { } invalid)
            return Reject(RejectCode.InvalidValue, invalid);
        if (c.Config.AdlWindow < 1)
            return Reject(RejectCode.InvalidValue, "adl.window: must be at least 1 mark");
        if (c.Config.AdlFloor.IsNegative)
            return Reject(RejectCode.InvalidValue, "adl.floor: must not be negative");
        if (c.Config.AssessmentMultiple.Ppb < 0)
            return Reject(RejectCode.InvalidValue, "assessments.multiple: must not be negative");
        if (c.Config.ClawbackCap.Ppb <= 0 || c.Config.ClawbackCap.Ppb > Rate.Scale)
            return Reject(RejectCode.InvalidValue, "clawback.cap: must be greater than 0 and at most 1");
        Emit(new Configured(c.Config));
        return null;
    }

    private Rejected? ListMarket(ListMarketCommand c)
    {
        if (Ledger.Market(c.Market) is not null)
            return Reject(RejectCode.DuplicateMarket, $"market {c.Market} is already listed");
        var spec = MarketSpec.Create(c.Market, c.TickSize, c.LotSize, c.InitialMargin, c.MaintenanceMargin, c.LiquidationFee, c.Tiers, c.PriceBand ?? Rate.Zero, out var error);
        if (spec is null)
            return Reject(RejectCode.InvalidMarket, error!);
        Emit(new MarketListed(spec));
        return null;
    }

    private Rejected? Deposit(DepositCommand c)
    {
        if (c.Account.IsBuiltIn)
            return Reject(RejectCode.BuiltInAccount, $"account {c.Account} is built in; use the insurance command to fund the insurance fund");
        if (!c.Amount.IsPositive)
            return Reject(RejectCode.InvalidValue, "amount must be greater than 0");
        var depositor = Ledger.Account(c.Account);
        if (!Bounds.FitsTotals(c.Amount, Ledger.NetDeposits, depositor?.Balance ?? Money.Zero, depositor?.Principal ?? Money.Zero))
            return TooMuch("deposit", c.Amount);
        Emit(new Deposited(c.Account, c.Amount));
        return null;
    }

    private Rejected? Withdraw(WithdrawCommand c)
    {
        if (c.Account.IsBuiltIn)
            return Reject(RejectCode.BuiltInAccount, $"account {c.Account} is built in");
        if (!c.Amount.IsPositive)
            return Reject(RejectCode.InvalidValue, "amount must be greater than 0");
        var account = Ledger.Account(c.Account);
        if (account is null)
            return Reject(RejectCode.UnknownAccount, $"account {c.Account} does not exist");
        var free = Risk.FreeCollateral(Ledger, account);
        if (c.Amount > free)
            return Reject(RejectCode.InsufficientFreeCollateral, $"withdrawal of {c.Amount} exceeds free collateral {Money.Max(Money.Zero, free)}");
        var haircut = WithdrawalHaircut(c.Amount);
        Emit(new Withdrawn(c.Account, c.Amount, haircut));
        if (haircut.IsPositive)
            Emit(new InsuranceFundChanged(haircut, Ledger.Insurance.Balance + haircut, FundReason.WithdrawalHaircut, c.Account));
        return null;
    }

    /// <summary>
    /// Paradex's socialized-loss factor: while a deficit exists, a withdrawal pays <c>deficit / total collateral</c>
    /// of itself to the fund, total collateral being the net deposits (fund top-ups included).
    /// Source: https://docs.paradex.trade/risk/socialized-losses — its example (fund 1,000, three users of 1,000,
    /// exchange bankruptcy 1,000) gives a factor of 25% = 1,000 / 4,000 and a withdrawal of 500 paying 125, which is
    /// what we implement; the same page's formula <c>SLF = EBA / (total USDC + EBA)</c> would give 20% and is
    /// inconsistent with its own example.
    /// </summary>
    private Money WithdrawalHaircut(Money amount)
    {
        if (!Ledger.Config.WithdrawalHaircut || !Ledger.Deficit.IsPositive)
            return Money.Zero;
        if (!Ledger.NetDeposits.IsPositive)
            return Money.Zero;
        var haircut = (Int128)amount.Micros * Ledger.Deficit.Micros / Ledger.NetDeposits.Micros;
        return new Money(FixedPoint.ToLong(Int128.Min(haircut, amount.Micros)));
    }

    private Rejected? Trade(TradeCommand c)
    {
        var market = Ledger.Market(c.Market);
        if (market is null)
            return Reject(RejectCode.UnknownMarket, $"market {c.Market} is not listed");
        if (c.Buyer == c.Seller)
            return Reject(RejectCode.InvalidValue, "buyer and seller must be different accounts");
        if (c.Buyer == AccountId.Insurance || c.Seller == AccountId.Insurance)
            return Reject(RejectCode.BuiltInAccount, "the insurance fund does not trade");
        if (!market.Spec.TryPrice(c.Price, out var price, out var error))
            return Reject(RejectCode.InvalidValue, error!);
        if (price.Ticks <= 0)
            return Reject(RejectCode.InvalidValue, "price must be greater than 0");
        if (!market.Spec.TryQuantity(c.Quantity, out var quantity, out error))
            return Reject(RejectCode.InvalidValue, error!);
        if (quantity.Lots <= 0)
            return Reject(RejectCode.InvalidValue, "quantity must be greater than 0");
        var open = market.OpenInterest + quantity; // the most this trade can leave open
        if (!Bounds.FitsOpenValue(Ledger, market, open, price))
            return Reject(RejectCode.Overflow, $"the open interest of {c.Market} after this trade would be worth more than {MarketSpec.MaxOpenValue}, the most a market may hold (all markets together)");
        if (PriceBandRejection(market, price, c.Price) is { } outside)
            return outside;
        // Each side looked up once: the margin checks, the fill and the touch all take the account, not its name.
        var buyer = Ledger.Account(c.Buyer);
        var seller = Ledger.Account(c.Seller);
        if (CheckInitialMargin(market, c.Buyer, buyer, quantity, price) is { } buyerShort)
            return buyerShort;
        if (CheckInitialMargin(market, c.Seller, seller, -quantity, price) is { } sellerShort)
            return sellerShort;
        Emit(new Traded(c.Market, c.Buyer, c.Seller, price, quantity) { Seq = Ledger.LastSeq + 1, Cmd = _line, Time = _time }, buyer, seller);
        Sweep();
        return null;
    }

    /// <summary>A side that increases its risk must end with equity at or above initial margin.</summary>
    private Rejected? CheckInitialMargin(MarketState market, AccountId id, Account? known, Quantity delta, Price price)
    {
        if (id.IsBuiltIn)
            return null;
        var account = known ?? new Account(id);
        var before = account.PositionIn(market)?.Quantity ?? Quantity.Zero;
        var after = before + delta;
        bool reducing = Math.Abs(after.Lots) <= Math.Abs(before.Lots) && (after.IsZero || after.Sign == before.Sign);
        if (reducing)
            return null;
        var (equity, initial) = Risk.AfterFill(Ledger, account, market, delta, price);
        if (equity >= initial)
            return null;
        return Reject(RejectCode.InsufficientMargin, $"{id} would have equity {equity} below initial margin {initial}");
    }

    private Rejected? Mark(MarkCommand c)
    {
        var market = Ledger.Market(c.Market);
        if (market is null)
            return Reject(RejectCode.UnknownMarket, $"market {c.Market} is not listed");
        if (!market.Spec.TryPrice(c.Price, out var price, out var error))
            return Reject(RejectCode.InvalidValue, error!);
        if (price.Ticks <= 0)
            return Reject(RejectCode.InvalidValue, "price must be greater than 0");
        if (!Bounds.FitsOpenValue(Ledger, market, market.OpenInterest, price))
            return Reject(RejectCode.Overflow, $"at {c.Price} the open interest of {c.Market} would be worth more than {MarketSpec.MaxOpenValue}, the most a market may hold (all markets together)");
        Emit(new Marked(c.Market, price) { Seq = Ledger.LastSeq + 1, Cmd = _line, Time = _time });
        Sweep(market);
        return null;
    }

    private Rejected? Funding(FundingCommand c)
    {
        var market = Ledger.Market(c.Market);
        if (market is null)
            return Reject(RejectCode.UnknownMarket, $"market {c.Market} is not listed");
        if (Math.Abs(c.Rate.Ppb) > Rate.Scale)
            return Reject(RejectCode.InvalidValue, "rate must be between -1 and 1");
        if (market.Mark is not { } mark)
            return Reject(RejectCode.NoMark, $"market {c.Market} has no mark yet");
        if (c.Rate.Ppb == 0)
            return null;
        int payerSide = c.Rate.Ppb > 0 ? 1 : -1;
        if (market.IndexedFunding)
            return FundByIndex(c, market, mark, payerSide);
        var absRate = new Rate(Math.Abs(c.Rate.Ppb));
        var spec = market.Spec;
        // Only the market's holders, in account-id order: the order a scan of every account gives the events. One pass
        // over the flat array of sizes computes every amount without touching an account or a position.
        var holders = market.Holders.InIdOrder();
        var lots = holders.Lots;
        int n = holders.Length;
        if (_fundingAmounts.Length < n)
        {
            // Kept between fundings, sized for every holder: growing them by doubling to ~half a million each was ~5% of
            // a funding in the profile, and allocating them afresh each time a tenth of its garbage.
            _fundingAmounts = new long[n];
            _fundingReceivers = new int[n];
            _fundingWeights = new long[n];
        }

        var amounts = _fundingAmounts.AsSpan(0, n);
        int receivers = 0;
        long collected = 0;
        for (int i = 0; i < n; i++)
        {
            var q = new Quantity(lots[i]);
            var notional = spec.Notional(q, mark);
            if (q.Sign == payerSide)
            {
                var pay = absRate.ApplyCeiling(notional).Micros;
                amounts[i] = -pay;
                collected = checked(collected + pay);
            }
            else
            {
                amounts[i] = 0;
                _fundingReceivers[receivers] = i;
                _fundingWeights[receivers++] = notional.Micros;
            }
        }

        if (receivers > 0 && collected > 0)
        {
            var parts = LargestRemainder.Split(collected, _fundingWeights.AsSpan(0, receivers));
            for (int k = 0; k < receivers; k++)
                amounts[_fundingReceivers[k]] = parts[k];
        }

        // Every holder's equity moves: the ADL queues are rebuilt on their next use rather than re-scored one by one.
        _queues.Invalidate();
        var accounts = holders.Accounts;
        for (int i = 0; i < n; i++) // a Funded event changes a balance, never a position: the arrays stand
        {
            long amount = amounts[i];
            if (amount == 0)
                continue;
            var account = accounts[i];
            if (ReferenceEquals(account, Ledger.Insurance)) // the fund's balance is followed in its own events
            {
                Emit(new InsuranceFundChanged(new Money(amount), Ledger.Insurance.Balance + new Money(amount), FundReason.Funding, null));
                continue;
            }

            // The per-event work is the event itself: numbered here, its balance applied to the account in hand.
            var e = new Funded(account.Id, c.Market, new Money(amount), c.Rate) { Seq = Ledger.LastSeq + 1, Cmd = _line, Time = _time };
            Ledger.ApplyFunded(e, account);
            _out.Add(e);
            // A receiver only gains: it cannot fall under maintenance and its filed trigger stays conservative (a long's is
            // higher, a short's lower than the new one). A payer filed on its side gets its new trigger now and in place
            // after the loop (LiquidationIndex.RekeySide); one with positions elsewhere too (filed across markets) or not
            // filed (built in) is re-filed through its touch.
            if (amount >= 0)
                continue;
            if (account.Filing is { CrossMarkets: null, Market: not null })
                _index.Rekey(account); // its new trigger, while the account is in hand
            else
                Touch(account.Id, account);
        }

        _seenSeq = Ledger.LastSeq;
        return FundingSweep(market, payerSide);
    }

    /// <summary>
    /// A funding under <c>funding: "index"</c>: one event moves the market's index, and with it every holder's balance
    /// as read (<see cref="Account.Balance"/>); nothing settles until a position changes.
    /// </summary>
    private Rejected? FundByIndex(FundingCommand c, MarketState market, Price mark, int payerSide)
    {
        // Exact: rate (ppb) x mark (ticks) x value per lot-tick (micro-units) is the per-lot payment in 10⁻⁹ micro-units.
        Int128 perLot = checked((Int128)c.Rate.Ppb * mark.Ticks * market.Spec.ValuePerLotTick);
        Emit(new FundingIndexed(c.Market, c.Rate, perLot, checked(market.FundingIndex + perLot)));
        // The payers' new triggers, found from the flat array of sizes (receivers skipped without a look at their account).
        // A multi-position payer is filed across markets, with no trigger to move: a candidate at every mark anyway.
        var holders = market.Holders.InIdOrder();
        var lots = holders.Lots;
        var accounts = holders.Accounts;
        for (int i = 0; i < lots.Length; i++)
            if (Math.Sign(lots[i]) == payerSide && accounts[i].Filing is { CrossMarkets: null, Market: not null })
                _index.Rekey(accounts[i]);
        return FundingSweep(market, payerSide);
    }

    /// <summary>
    /// After a funding: the payers' triggers moved toward the mark, so their side of the index is re-keyed in place
    /// (<see cref="LiquidationIndex.RekeySide"/>), and the sweep takes its candidates from the index as a mark does. The
    /// index is conservative and the sweep checks each candidate exactly, so it acts on exactly the payers now under
    /// maintenance (and the multi-position holders, candidates at every mark of their markets), as a check of each would.
    /// </summary>
    private Rejected? FundingSweep(MarketState market, int payerSide)
    {
        _index.RekeySide(market.Id, payerSide);
        Sweep(market);
        return null;
    }

    private Rejected? Book(BookCommand c)
    {
        var market = Ledger.Market(c.Market);
        if (market is null)
            return Reject(RejectCode.UnknownMarket, $"market {c.Market} is not listed");
        var bids = new SortedDictionary<long, long>(Comparer<long>.Create((a, b) => b.CompareTo(a)));
        var asks = new SortedDictionary<long, long>();
        if (Levels("bids", c.Bids, bids) is { } bidError)
            return Reject(RejectCode.InvalidValue, bidError);
        if (Levels("asks", c.Asks, asks) is { } askError)
            return Reject(RejectCode.InvalidValue, askError);
        Emit(new BookUpdated(c.Market,
            bids.Select(kv => new BookLevel(new Price(kv.Key), new Quantity(kv.Value))).ToArray(),
            asks.Select(kv => new BookLevel(new Price(kv.Key), new Quantity(kv.Value))).ToArray()));
        return null;

        string? Levels(string name, IReadOnlyList<(decimal Price, decimal Quantity)> levels, SortedDictionary<long, long> into)
        {
            for (int i = 0; i < levels.Count; i++)
            {
                if (!market.Spec.TryPrice(levels[i].Price, out var p, out var e) || p.Ticks <= 0)
                    return $"{name}[{i}]: " + (e ?? "price must be greater than 0");
                if (!market.Spec.TryQuantity(levels[i].Quantity, out var q, out e) || q.Lots <= 0)
                    return $"{name}[{i}]: " + (e ?? "quantity must be greater than 0");
                into[p.Ticks] = checked(into.GetValueOrDefault(p.Ticks) + q.Lots); // same price twice: one level
            }

            return null;
        }
    }

    private Rejected? TopUp(InsuranceCommand c)
    {
        if (!c.Amount.IsPositive)
            return Reject(RejectCode.InvalidValue, "amount must be greater than 0");
        if (!Bounds.FitsTotals(c.Amount, Ledger.NetDeposits, Ledger.Insurance.Balance))
            return TooMuch("insurance top-up", c.Amount);
        Emit(new InsuranceFundChanged(c.Amount, Ledger.Insurance.Balance + c.Amount, FundReason.TopUp, null));
        return null;
    }

    private Rejected? Member(MemberCommand c)
    {
        if (c.Account.IsBuiltIn)
            return Reject(RejectCode.BuiltInAccount, $"account {c.Account} is built in");
        if (!c.DefaultFund.IsPositive)
            return Reject(RejectCode.InvalidValue, "defaultFund must be greater than 0");
        var current = Ledger.Account(c.Account)?.DefaultFund ?? Money.Zero;
        if (!Bounds.FitsTotals(c.DefaultFund, Ledger.NetDeposits, current, Ledger.Account(c.Account)?.Contributed ?? Money.Zero))
            return TooMuch("default-fund contribution", c.DefaultFund);
        Emit(new MemberContributed(c.Account, c.DefaultFund, current + c.DefaultFund));
        return null;
    }

    private Rejected? SkinInTheGame(SitgCommand c)
    {
        if (!c.Amount.IsPositive)
            return Reject(RejectCode.InvalidValue, "amount must be greater than 0");
        if (!Bounds.FitsTotals(c.Amount, Ledger.NetDeposits, Ledger.Sitg))
            return TooMuch("skin in the game", c.Amount);
        Emit(new SitgContributed(c.Amount, Ledger.Sitg + c.Amount));
        return null;
    }

    /// <summary>
    /// Declares a member in default. Its portfolio is closed out at the next <c>mark</c> (or trade or funding, whichever
    /// runs the liquidation sweep first), as a CCP auctions a
    /// defaulter's book at the next settlement (Nasdaq Clearing 2018: default 11 Sep, auction 12 Sep), so that
    /// variation-margin gains between the two can be haircut (<c>vmgh</c>).
    /// </summary>
    private Rejected? Default(DefaultCommand c)
    {
        if (c.Account.IsBuiltIn)
            return Reject(RejectCode.BuiltInAccount, $"account {c.Account} is built in");
        var account = Ledger.Account(c.Account);
        if (account is null)
            return Reject(RejectCode.UnknownAccount, $"account {c.Account} does not exist");
        if (account.IsDefaulted)
            return Reject(RejectCode.InvalidValue, $"account {c.Account} is already in default");
        Emit(new Defaulted(c.Account));
        return null;
    }

    private Rejected? Settle()
    {
        Emit(new Settled());
        return null;
    }

    private Rejected? Backstop(BackstopCommand c)
    {
        if (c.Account.IsBuiltIn)
            return Reject(RejectCode.BuiltInAccount, $"account {c.Account} is built in");
        Emit(new BackstopSet(c.Account, c.Enabled));
        return null;
    }
}
