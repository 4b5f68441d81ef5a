using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Accounts;

/// <summary>A cross-margin account: cash balance and one position per market.</summary>
public sealed class Account
{
    // Positions by market name in ordinal order: the first inline, any others in a small sorted array. Most accounts
    // hold one market; a sorted dictionary per account cost about 150 bytes and a string-keyed lookup per use.
    private Position? _first;
    private Position[]? _more;

    // What only clearing members, defaults and partial liquidations use, held apart until first set: most accounts of a
    // venue never need it, and inline it was 40 of the ~330 bytes an account of the 1M crash costs.
    private MemberState? _member;

    /// <summary>Creates an empty account.</summary>
    public Account(AccountId id)
    {
        Id = id;
        IsBuiltIn = id.IsBuiltIn; // asked on every check; two string comparisons each time otherwise
    }

    /// <summary>The account's name.</summary>
    public AccountId Id { get; }

    // The cash settled into the account; the balance adds the funding its positions accrued and did not settle yet
    // (funding: "index"), so every reader (equity, margins, triggers, waterfall) sees it as if it were settled.
    private Money _cash;

    /// <summary>
    /// Cash balance (deposits, realized PnL, funding, fees, transfers) in micro-units. Under <c>funding: "index"</c> it
    /// includes the funding accrued since each position last settled (rounded against the account), as it would be
    /// once settled; setting it keeps that accrual apart, so settling later moves nothing.
    /// </summary>
    public Money Balance
    {
        get => AccruesFunding ? new Money(checked(_cash.Micros + UnsettledFunding(out _))) : _cash;
        internal set => _cash = AccruesFunding ? new Money(checked(value.Micros - UnsettledFunding(out _))) : value;
    }

    /// <summary>True once the account held a position in a market funded by index: its balance then adds the accruals.</summary>
    internal bool AccruesFunding { get; set; }

    /// <summary>
    /// The funding the account's positions accrued and did not settle, in micro-units (a balance change);
    /// <paramref name="residue"/> what the rounding against the account keeps, in 10⁻⁹ micro-units.
    /// </summary>
    internal long UnsettledFunding(out Int128 residue)
    {
        residue = 0;
        long sum = 0;
        if (_first is { } first)
            sum = first.UnsettledFunding(out residue); // no iterator: read on every balance of such an account
        if (_more is { } more)
            foreach (var p in more)
            {
                sum = checked(sum + p.UnsettledFunding(out var r));
                residue += r;
            }

        return sum;
    }

    /// <summary>Collateral the owner put in: deposits minus withdrawals. Clawbacks never reach into it.</summary>
    public Money Principal { get; internal set; }

    /// <summary>Lifetime profit (equity − principal) at the last <c>settle</c>: the start of the clawback period.</summary>
    public Money ProfitAtSettle { get; internal set; }

    /// <summary>Clearing-member default-fund contribution, held apart from the balance.</summary>
    public Money DefaultFund
    {
        get => _member?.DefaultFund ?? Money.Zero;
        internal set
        {
            if (_member is not null || value.Micros != 0)
                (_member ??= new MemberState()).DefaultFund = value;
        }
    }

    /// <summary>Everything the member ever paid into the default fund: the base of its share and of its assessment cap.</summary>
    public Money Contributed
    {
        get => _member?.Contributed ?? Money.Zero;
        internal set
        {
            if (_member is not null || value.Micros != 0)
                (_member ??= new MemberState()).Contributed = value;
        }
    }

    /// <summary>Assessments paid so far (capped at a multiple of the contribution).</summary>
    public Money Assessed
    {
        get => _member?.Assessed ?? Money.Zero;
        internal set
        {
            if (_member is not null || value.Micros != 0)
                (_member ??= new MemberState()).Assessed = value;
        }
    }

    /// <summary>Equity at the last declared default: variation-margin gains since then can be haircut.</summary>
    public Money EquityAtDefault
    {
        get => _member?.EquityAtDefault ?? Money.Zero;
        internal set
        {
            if (_member is not null || value.Micros != 0)
                (_member ??= new MemberState()).EquityAtDefault = value;
        }
    }

    /// <summary>True once the account was declared in default.</summary>
    public bool IsDefaulted { get; internal set; }

    /// <summary>True for a backstop account (takes liquidated positions before ADL).</summary>
    public bool IsBackstop { get; internal set; }

    /// <summary>
    /// Time of the last partial liquidation per market (from the <c>liquidated</c> events, so replaying the events
    /// rebuilds it, and snapshots carry it: a restore keeps a running cooldown); null until the first.
    /// </summary>
    internal Dictionary<string, Numbers.Timestamp>? PartialLiquidations
    {
        get => _member?.PartialLiquidations;
        set
        {
            if (value is not null || _member is not null)
                (_member ??= new MemberState()).PartialLiquidations = value;
        }
    }

    /// <summary>Where the liquidation index filed the account (null: not filed); kept here instead of a map by name.</summary>
    internal Engine.LiquidationIndex.Entry? Filing
    {
        get => _filedIn switch
        {
            null => null,
            string market => new Engine.LiquidationIndex.Entry(market, _filedSide, _filedTrigger, null),
            var cross => new Engine.LiquidationIndex.Entry(null, 0, 0, (string[])cross),
        };
        set
        {
            _filedIn = value is { } e ? (object?)e.Market ?? e.CrossMarkets : null;
            _filedSide = value?.Side ?? 0;
            _filedTrigger = value?.Trigger ?? 0;
        }
    }

    // The filing, unpacked: the market's name (or the cross markets), the side and the trigger. The nullable entry of
    // two references, an int and a long took 40 bytes of every account; these take 20.
    private object? _filedIn;
    private long _filedTrigger;
    private int _filedSide;

    /// <summary>Order of arrival in the ledger (1, 2, …; 0 outside one): a cheap unique key for the engine's indexes.</summary>
    internal long Ordinal { get; set; }

    /// <summary>The engine queued the account for a refresh of its filing after the current command.</summary>
    internal bool Dirty { get; set; }

    /// <summary>True for the built-in <c>market</c> and <c>insurance</c> accounts.</summary>
    public bool IsBuiltIn { get; }

    /// <summary>Open (non-flat) positions, by market name in ordinal order.</summary>
    public IEnumerable<KeyValuePair<string, Position>> OpenPositions
    {
        get
        {
            foreach (var p in Positions)
                yield return new(p.Market!.Id.Value, p);
        }
    }

    /// <summary>Open positions, by market name in ordinal order, without allocating (each knows its market).</summary>
    internal OpenEnumerable Positions => new(this);

    /// <summary>True when the account holds any open position.</summary>
    public bool HasPositions
    {
        get
        {
            if (_first is { IsFlat: false })
                return true;
            if (_more is { } more)
                foreach (var p in more)
                    if (!p.IsFlat)
                        return true;
            return false;
        }
    }

    /// <summary>The only open position, or null when there are none or several.</summary>
    internal Position? SoleOpenPosition
    {
        get
        {
            Position? only = null;
            foreach (var p in Positions)
            {
                if (only is not null)
                    return null;
                only = p;
            }

            return only;
        }
    }

    /// <summary>The position in a market, or null when there never was one.</summary>
    public Position? PositionIn(MarketId market)
    {
        if (_first is { } first && first.MarketName == market.Value)
            return first;
        if (_more is { } more)
            foreach (var p in more)
                if (p.MarketName == market.Value)
                    return p;
        return null;
    }

    /// <summary>Signed size in a market (zero when flat).</summary>
    public Quantity QuantityIn(MarketId market) => PositionIn(market)?.Quantity ?? Quantity.Zero;

    /// <summary>
    /// The position in a market, found by the market's reference: one load per position, where comparing names walks
    /// position, market and string (three cache misses at a million accounts) on every trade.
    /// </summary>
    internal Position? PositionIn(MarketState market)
    {
        if (_first is { } first && ReferenceEquals(first.Market, market))
            return first;
        if (_more is { } more)
            foreach (var p in more)
                if (ReferenceEquals(p.Market, market))
                    return p;
        return null;
    }

    /// <summary>Every position, flat ones included, by market name in ordinal order (an image must rebuild the account exactly).</summary>
    internal IEnumerable<Position> AllPositions
    {
        get
        {
            if (_first is { } first)
                yield return first;
            if (_more is { } more)
                foreach (var p in more)
                    yield return p;
        }
    }

    /// <summary>Puts back a position from an image; the caller lists it among the market's holders.</summary>
    internal Position RestorePosition(MarketState market, Quantity quantity, Money cost)
    {
        if (PositionIn(market.Id) is not null)
            throw new InvalidOperationException($"image: account {Id} has two positions in {market.Id}");
        var p = GetOrAddPosition(market);
        p.Restore(quantity, cost);
        return p;
    }

    internal Position GetOrAddPosition(MarketState market)
    {
        if (PositionIn(market) is { } existing)
            return existing;
        var p = Position.In(market);
        if (_first is null)
        {
            _first = p;
            return p;
        }

        // keep ordinal order of market names: the smallest inline, the rest sorted
        var all = new List<Position>(1 + (_more?.Length ?? 0) + 1) { _first };
        if (_more is { } more)
            all.AddRange(more);
        all.Add(p);
        all.Sort(static (a, b) => string.CompareOrdinal(a.MarketName, b.MarketName));
        _first = all[0];
        _more = all.GetRange(1, all.Count - 1).ToArray();
        return p;
    }

    /// <summary>The fields of <see cref="_member"/>.</summary>
    private sealed class MemberState
    {
        public Money DefaultFund;
        public Money Contributed;
        public Money Assessed;
        public Money EquityAtDefault;
        public Dictionary<string, Numbers.Timestamp>? PartialLiquidations;
    }

    /// <summary>Allocation-free enumeration of the open positions.</summary>
    internal readonly struct OpenEnumerable(Account account)
    {
        public OpenEnumerator GetEnumerator() => new(account);
    }

    /// <summary>Walks the inline position, then the others, skipping flat ones.</summary>
    internal struct OpenEnumerator(Account account)
    {
        private int _i = -1;

        public Position Current { get; private set; } = null!;

        public bool MoveNext()
        {
            while (true)
            {
                _i++;
                Position? p = _i == 0 ? account._first : account._more is { } more && _i - 1 < more.Length ? more[_i - 1] : null;
                if (p is null)
                {
                    if (_i == 0)
                        continue;
                    return false;
                }

                if (!p.IsFlat)
                {
                    Current = p;
                    return true;
                }
            }
        }
    }
}
