using SocialLoss.Core.Accounts;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// The clearing state: policy, markets, accounts, insurance fund and deficit. It changes only by
/// <see cref="Apply(EngineEvent)"/>ing events, so the engine and a replay of its event stream build the same state.
/// </summary>
public sealed class Ledger
{
    private readonly SortedDictionary<string, MarketState> _markets = new(StringComparer.Ordinal);
    private readonly AccountDirectory _accounts = new();

    /// <summary>An empty ledger with the default policy and the two built-in accounts.</summary>
    public Ledger()
    {
        MarketAccount = AddAccount(AccountId.Market);
        Insurance = AddAccount(AccountId.Insurance);
    }

    /// <summary>The loss policy in force.</summary>
    public EngineConfig Config { get; private set; } = EngineConfig.Default;

    /// <summary>Markets by name, ordinal order.</summary>
    public IReadOnlyDictionary<string, MarketState> Markets => _markets;

    /// <summary>Accounts by name, ordinal order, including the built-in ones.</summary>
    public IReadOnlyDictionary<string, Account> Accounts => _accounts;

    /// <summary>The insurance fund's account.</summary>
    public Account Insurance { get; }

    /// <summary>The external-liquidity account (book counterparty).</summary>
    public Account MarketAccount { get; }

    /// <summary>Bad debt that no stage covered: money owed to accounts that does not exist.</summary>
    public Money Deficit { get; private set; }

    private readonly Queue<long> _fundHistory = new();
    private readonly SortedSet<string> _backstops = new(StringComparer.Ordinal);

    /// <summary>The accounts marked as backstops, in id order.</summary>
    public IReadOnlyCollection<string> Backstops => _backstops;

    /// <summary>The insurance fund's balance at the last marks (newest last), for the <c>okx</c> ADL trigger.</summary>
    public IReadOnlyCollection<long> FundHistory => _fundHistory;

    /// <summary>The clearing house's own capital in the waterfall (skin in the game).</summary>
    public Money Sitg { get; private set; }

    /// <summary>Deposits plus fund top-ups minus what withdrawals paid out.</summary>
    public Money NetDeposits { get; private set; }

    /// <summary>True once anything other than <c>config</c> happened.</summary>
    public bool HasActivity { get; private set; }

    /// <summary>Sequence number of the last applied event.</summary>
    public long LastSeq { get; private set; }

    /// <summary>A market by name, or null.</summary>
    public MarketState? Market(MarketId id) => _markets.GetValueOrDefault(id.Value);

    /// <summary>An account by name, or null.</summary>
    public Account? Account(AccountId id) => _accounts.Find(id.Value);

    /// <summary>The complete state as plain values (a snapshot); the ledger stays as it is.</summary>
    public LedgerImage Capture()
    {
        var markets = new List<MarketImage>(_markets.Count);
        foreach (var m in _markets.Values)
            markets.Add(new MarketImage(m.Spec, m.Mark, [.. m.Bids], [.. m.Asks], m.PreviousMark, m.FundingIndex, m.FundingRemainder));
        var accounts = new List<AccountImage>(_accounts.Count);
        foreach (var a in _accounts.Values)
        {
            var positions = new List<PositionImage>();
            foreach (var p in a.AllPositions)
                positions.Add(new PositionImage(p.Market!.Id, p.Quantity, p.Cost, p.FundingSnapshot));
            accounts.Add(new AccountImage(a.Id, a.Balance, a.Principal, a.ProfitAtSettle, a.DefaultFund, a.Contributed, a.Assessed,
                a.EquityAtDefault, a.IsDefaulted, a.IsBackstop, positions)
            {
                PartialLiquidations = a.PartialLiquidations is { } partial
                    ? [.. partial.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (new MarketId(p.Key), p.Value))]
                    : [],
            });
        }

        return new LedgerImage(Config, markets, accounts, [.. _backstops.Select(b => new AccountId(b))], [.. _fundHistory],
            Deficit, Sitg, NetDeposits, HasActivity, LastSeq);
    }

    /// <summary>
    /// A ledger holding exactly the state of <paramref name="image"/>. Throws <see cref="InvalidOperationException"/>
    /// when the image does not describe a possible state (an account twice, a position in an unlisted market,
    /// backstop flags that disagree with the backstop list): a corrupt snapshot must not become the state.
    /// </summary>
    public static Ledger FromImage(LedgerImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.LastSeq < 0)
            throw new InvalidOperationException($"image: lastSeq {image.LastSeq} is negative");
        var ledger = new Ledger { Config = image.Config };
        foreach (var m in image.Markets)
        {
            var state = new MarketState(m.Spec)
            {
                Mark = m.Mark,
                PreviousMark = m.PreviousMark,
                IndexedFunding = image.Config.Funding == FundingMode.Index,
                FundingIndex = m.FundingIndex,
                FundingRemainder = m.FundingRemainder,
            };
            state.Bids.AddRange(m.Bids);
            state.Asks.AddRange(m.Asks);
            if (!ledger._markets.TryAdd(m.Spec.Id.Value, state))
                throw new InvalidOperationException($"image: market {m.Spec.Id} is listed twice");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in image.Accounts)
        {
            if (!seen.Add(a.Id.Value))
                throw new InvalidOperationException($"image: account {a.Id} appears twice");
            var account = ledger.GetOrAdd(a.Id);
            account.Principal = a.Principal;
            account.ProfitAtSettle = a.ProfitAtSettle;
            account.DefaultFund = a.DefaultFund;
            account.Contributed = a.Contributed;
            account.Assessed = a.Assessed;
            account.EquityAtDefault = a.EquityAtDefault;
            account.IsDefaulted = a.IsDefaulted;
            account.IsBackstop = a.IsBackstop;
            foreach (var (market, at) in a.PartialLiquidations)
                (account.PartialLiquidations ??= new Dictionary<string, Timestamp>(StringComparer.Ordinal))[market.Value] = at;
            foreach (var p in a.Positions)
            {
                var market = ledger._markets.GetValueOrDefault(p.Market.Value)
                    ?? throw new InvalidOperationException($"image: account {a.Id} has a position in unlisted market {p.Market}");
                var restored = account.RestorePosition(market, p.Quantity, p.Cost);
                restored.FundingSnapshot = p.FundingSnapshot;
                account.AccruesFunding |= market.IndexedFunding;
                market.Holders.Note(account, restored);
                market.OpenInterest += new Quantity(Math.Max(p.Quantity.Lots, 0));
            }

            account.Balance = a.Balance; // after the positions: the image's balance includes their unsettled funding
        }

        foreach (var b in image.Backstops)
        {
            if (ledger.Account(b) is not { IsBackstop: true })
                throw new InvalidOperationException($"image: backstop {b} is not an account marked as backstop");
            ledger._backstops.Add(b.Value);
        }

        foreach (var a in ledger._accounts.Values)
            if (a.IsBackstop && !ledger._backstops.Contains(a.Id.Value))
                throw new InvalidOperationException($"image: account {a.Id} is marked as backstop but not listed as one");
        foreach (var f in image.FundHistory)
            ledger._fundHistory.Enqueue(f);
        ledger.Deficit = image.Deficit;
        ledger.Sitg = image.Sitg;
        ledger.NetDeposits = image.NetDeposits;
        ledger.HasActivity = image.HasActivity;
        ledger.LastSeq = image.LastSeq;
        return ledger;
    }

    /// <summary>Applies one event. Throws on an event that does not fit the state (a bug or a corrupt stream).</summary>
    public void Apply(EngineEvent e) => Apply(e, null);

    /// <summary>
    /// Applies one event whose account the caller already holds (<paramref name="subject"/>, checked against the
    /// event's id), which saves a lookup by name per event where a funding emits one per holder.
    /// </summary>
    internal void Apply(EngineEvent e, Account? subject) => Apply(e, subject, null);

    /// <summary>
    /// As <see cref="Apply(EngineEvent, Account?)"/>, with a trade's seller as <paramref name="other"/> (its buyer the
    /// subject): the engine resolved both names to check their margin, so applying the fill looks neither up again.
    /// </summary>
    internal void Apply(EngineEvent e, Account? subject, Account? other)
    {
        LastSeq = e.Seq;
        if (e is not Configured and not Rejected)
            HasActivity = true;
        switch (e)
        {
            case Configured c:
                Config = c.Config;
                break;
            case MarketListed m:
                _markets.Add(m.Spec.Id.Value, new MarketState(m.Spec) { IndexedFunding = Config.Funding == FundingMode.Index });
                break;
            case Deposited d:
                var depositor = GetOrAdd(d.Account);
                depositor.Balance += d.Amount;
                depositor.Principal += d.Amount;
                NetDeposits += d.Amount;
                break;
            case Withdrawn w:
                var withdrawer = Require(w.Account);
                withdrawer.Balance -= w.Amount - w.Haircut;
                withdrawer.Principal -= w.Amount;
                NetDeposits -= w.Amount - w.Haircut;
                break;
            case Traded t:
                ApplyTrade(t, subject, other);
                break;
            case Marked mk:
                var marked = RequireMarket(mk.Market);
                marked.PreviousMark = marked.Mark;
                marked.Mark = mk.Price;
                if (Config.AdlTrigger == AdlTrigger.Okx)
                {
                    _fundHistory.Enqueue(Insurance.Balance.Micros);
                    while (_fundHistory.Count > Config.AdlWindow)
                        _fundHistory.Dequeue();
                }

                break;
            case Funded f:
                (subject is not null && subject.Id == f.Account ? subject : Require(f.Account)).Balance += f.Amount;
                break;
            case FundingIndexed fi:
                var indexed = RequireMarket(fi.Market);
                if (!indexed.IndexedFunding || fi.Index != checked(indexed.FundingIndex + fi.PerLot))
                    throw new InvalidOperationException($"fundingIndex of {fi.Market} does not follow its index {indexed.FundingIndex}");
                indexed.FundingIndex = fi.Index; // every position's balance moves with it; nothing settles until it changes
                break;
            case BookUpdated b:
                var ms = RequireMarket(b.Market);
                ms.Bids.Clear();
                ms.Bids.AddRange(b.Bids);
                ms.Asks.Clear();
                ms.Asks.AddRange(b.Asks);
                break;
            case BackstopSet bs:
                GetOrAdd(bs.Account).IsBackstop = bs.Enabled;
                if (bs.Enabled)
                    _backstops.Add(bs.Account.Value);
                else
                    _backstops.Remove(bs.Account.Value);
                break;
            case InsuranceFundChanged ifc:
                Insurance.Balance += ifc.Change;
                if (ifc.Account is { } payer)
                    Require(payer).Balance -= ifc.Change;
                else if (ifc.Reason != FundReason.Funding) // a funding's other side is in its funded events
                    NetDeposits += ifc.Change;
                break;
            case ClosedOut co:
                ApplyCloseOut(co);
                break;
            case Deleveraged dl:
                ApplyDeleverage(dl);
                break;
            case ClawedBack cb:
                var charged = Require(cb.Account);
                charged.Balance -= cb.Amount;
                if (cb.Stage == WaterfallStageKind.Assessments)
                    charged.Assessed += cb.Amount;
                Require(cb.Bankrupt).Balance += cb.Amount;
                break;
            case MemberContributed mc:
                var member = GetOrAdd(mc.Account);
                member.DefaultFund += mc.Amount;
                member.Contributed += mc.Amount;
                NetDeposits += mc.Amount;
                break;
            case SitgContributed sc:
                Sitg += sc.Amount;
                NetDeposits += sc.Amount;
                break;
            case Defaulted df:
                Require(df.Account).IsDefaulted = true;
                foreach (var a in _accounts.Values)
                    a.EquityAtDefault = Risk.Equity(this, a);
                break;
            case DefaultFundUsed du:
                if (du.Contributor is { } contributor)
                    Require(contributor).DefaultFund -= du.Amount;
                else
                    Sitg -= du.Amount;
                Require(du.Bankrupt).Balance += du.Amount;
                break;
            case DeficitChanged dc:
                Require(dc.Account).Balance += dc.Change;
                Deficit += dc.Change;
                break;
            case Settled:
                foreach (var a in _accounts.Values)
                {
                    a.ProfitAtSettle = Risk.Equity(this, a) - a.Principal;
                    a.EquityAtDefault = Risk.Equity(this, a);
                }
                break;
            case Liquidated { Time: { } at } l when Require(l.Account).QuantityIn(l.Market) is var held && Math.Abs(l.Quantity.Lots) < Math.Abs(held.Lots):
                var partial = Require(l.Account);
                (partial.PartialLiquidations ??= new Dictionary<string, Timestamp>(StringComparer.Ordinal))[l.Market.Value] = at;
                break; // a partial liquidation starts the cooldown; the money moves in the events that follow
            case Liquidated or BadDebt or Rejected:
                break; // informational: the money moves in the events that follow
            default:
                throw new InvalidOperationException($"unknown event {e.GetType().Name}");
        }
    }

    /// <summary>
    /// Applies a funding's <see cref="Funded"/> event to the account the engine holds: what <see cref="Apply(EngineEvent)"/>
    /// does with it, without the walk through the event types (a funding applies one per holder).
    /// </summary>
    internal void ApplyFunded(Funded f, Account account)
    {
        if (account.Id != f.Account)
            throw new InvalidOperationException($"funded event for {f.Account} applied to {account.Id}");
        LastSeq = f.Seq;
        HasActivity = true;
        account.Balance += f.Amount;
    }

    private void ApplyTrade(Traded t, Account? knownBuyer, Account? knownSeller)
    {
        var market = RequireMarket(t.Market);
        market.Mark ??= t.Price;
        var buyer = knownBuyer is not null && knownBuyer.Id == t.Buyer ? knownBuyer : GetOrAdd(t.Buyer);
        var seller = knownSeller is not null && knownSeller.Id == t.Seller ? knownSeller : GetOrAdd(t.Seller);
        buyer.Balance += Fill(market, buyer, t.Quantity, t.Price);
        seller.Balance += Fill(market, seller, -t.Quantity, t.Price);
    }

    private void ApplyCloseOut(ClosedOut co)
    {
        var market = RequireMarket(co.Market);
        int side = Reduce(market, Require(co.Account), GetOrAdd(co.Counterparty), co.Quantity, co.Price, "closeout");
        if (co.Via == CloseOutVia.Book)
            Consume(side > 0 ? market.Bids : market.Asks, co.Price, co.Quantity);
    }

    private void ApplyDeleverage(Deleveraged dl) =>
        Reduce(RequireMarket(dl.Market), Require(dl.Account), Require(dl.Counterparty), dl.Quantity, dl.Price, "deleverage");

    /// <summary>
    /// Shrinks <paramref name="reduced"/>'s position by <paramref name="quantity"/> lots toward zero at
    /// <paramref name="price"/>, <paramref name="other"/> taking the other side; returns the reduced position's side.
    /// </summary>
    private static int Reduce(MarketState market, Account reduced, Account other, Quantity quantity, Price price, string what)
    {
        var position = reduced.GetOrAddPosition(market);
        int side = position.Quantity.Sign;
        if (side == 0 || quantity.Lots <= 0 || quantity.Lots > Math.Abs(position.Quantity.Lots))
            throw new InvalidOperationException($"{what} of {quantity} does not fit {reduced.Id}'s position in {market.Id}");
        var delta = new Quantity(-side * quantity.Lots);
        reduced.Balance += Fill(market, reduced, delta, price);
        other.Balance += Fill(market, other, -delta, price);
        return side;
    }

    /// <summary>Applies a fill to the account's position in the market (listing it as a holder if it opens); returns the realized PnL.</summary>
    private static Money Fill(MarketState market, Account account, Quantity delta, Price price)
    {
        var position = account.GetOrAddPosition(market);
        if (market.IndexedFunding)
            SettleFunding(market, account, position);
        long before = position.Quantity.Lots;
        var realized = position.Apply(delta, price, market.Spec);
        market.Holders.Note(account, position);
        market.OpenInterest += new Quantity(Math.Max(position.Quantity.Lots, 0) - Math.Max(before, 0));
        return realized;
    }

    /// <summary>
    /// Settles what the position accrued under the funding index into the account's cash, before its size changes (the
    /// accrual is lots x index change, so it must be taken at the old size). The balance as read does not move: it
    /// counted the accrual already, rounded the same way. The rounding's residue goes to the market's remainder.
    /// </summary>
    private static void SettleFunding(MarketState market, Account account, Position position)
    {
        account.AccruesFunding = true;
        if (position.FundingSnapshot == market.FundingIndex)
            return;
        var balance = account.Balance; // with this position's accrual
        position.UnsettledFunding(out var residue);
        position.FundingSnapshot = market.FundingIndex;
        account.Balance = balance; // the same balance, now with the accrual in the cash
        market.FundingRemainder += residue;
    }

    /// <summary>
    /// What the funding index's rounding kept, in 10⁻⁹ micro-units: the markets' remainders (settled positions) plus the
    /// residues of the accruals not settled yet. The exact accruals of all positions sum to zero (positions net to zero
    /// at every funding), so this is a whole number of micro-units: the money the balances are short of by rounding.
    /// </summary>
    public Int128 FundingRounding()
    {
        Int128 sum = 0;
        foreach (var m in _markets.Values)
            sum += m.FundingRemainder;
        foreach (var a in _accounts.Values)
            if (a.AccruesFunding)
            {
                a.UnsettledFunding(out var residue);
                sum += residue;
            }

        return sum;
    }

    private static void Consume(List<BookLevel> levels, Price price, Quantity quantity)
    {
        int i = levels.FindIndex(l => l.Price == price);
        if (i < 0 || levels[i].Quantity < quantity)
            throw new InvalidOperationException($"book has no {quantity} at {price}");
        var left = levels[i].Quantity - quantity;
        if (left.IsZero)
            levels.RemoveAt(i);
        else
            levels[i] = levels[i] with { Quantity = left };
    }

    private Account AddAccount(AccountId id)
    {
        var a = new Account(id);
        _accounts.Add(a);
        return a;
    }

    private Account GetOrAdd(AccountId id) => _accounts.Find(id.Value) ?? AddAccount(id);

    private Account Require(AccountId id) =>
        _accounts.Find(id.Value) ?? throw new InvalidOperationException($"unknown account {id}");

    private MarketState RequireMarket(MarketId id) =>
        _markets.GetValueOrDefault(id.Value) ?? throw new InvalidOperationException($"unknown market {id}");
}
