using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Accounts;

/// <summary>A cross-margin account: cash balance and one position per market.</summary>
public sealed class Account
{
    private readonly SortedDictionary<string, Position> _positions = new(StringComparer.Ordinal);

    /// <summary>Creates an empty account.</summary>
    public Account(AccountId id) => Id = id;

    /// <summary>The account's name.</summary>
    public AccountId Id { get; }

    /// <summary>Cash balance (deposits, realized PnL, funding, fees, transfers) in micro-units.</summary>
    public Money Balance { get; internal set; }

    /// <summary>Collateral the owner put in: deposits minus withdrawals. Clawbacks never reach into it.</summary>
    public Money Principal { get; internal set; }

    /// <summary>Lifetime profit (equity − principal) at the last <c>settle</c>: the start of the clawback period.</summary>
    public Money ProfitAtSettle { get; internal set; }

    /// <summary>Clearing-member default-fund contribution, held apart from the balance.</summary>
    public Money DefaultFund { get; internal set; }

    /// <summary>Everything the member ever paid into the default fund: the base of its share and of its assessment cap.</summary>
    public Money Contributed { get; internal set; }

    /// <summary>Assessments paid so far (capped at a multiple of the contribution).</summary>
    public Money Assessed { get; internal set; }

    /// <summary>Equity at the last declared default: variation-margin gains since then can be haircut.</summary>
    public Money EquityAtDefault { get; internal set; }

    /// <summary>True once the account was declared in default.</summary>
    public bool IsDefaulted { get; internal set; }

    /// <summary>True for a backstop account (takes liquidated positions before ADL).</summary>
    public bool IsBackstop { get; internal set; }

    /// <summary>True for the built-in <c>market</c> and <c>insurance</c> accounts.</summary>
    public bool IsBuiltIn => Id.IsBuiltIn;

    /// <summary>Open (non-flat) positions, by market name in ordinal order.</summary>
    public IEnumerable<KeyValuePair<string, Position>> OpenPositions
    {
        get
        {
            foreach (var kv in _positions)
                if (!kv.Value.IsFlat)
                    yield return kv;
        }
    }

    /// <summary>True when the account holds any open position.</summary>
    public bool HasPositions
    {
        get
        {
            foreach (var p in _positions.Values)
                if (!p.IsFlat)
                    return true;
            return false;
        }
    }

    /// <summary>The position in a market, or null when there never was one.</summary>
    public Position? PositionIn(MarketId market) => _positions.GetValueOrDefault(market.Value);

    /// <summary>Signed size in a market (zero when flat).</summary>
    public Quantity QuantityIn(MarketId market) => PositionIn(market)?.Quantity ?? Quantity.Zero;

    /// <summary>Every position, flat ones included (an image must rebuild the account exactly).</summary>
    internal IEnumerable<KeyValuePair<string, Position>> AllPositions => _positions;

    /// <summary>Puts back a position from an image.</summary>
    internal void RestorePosition(MarketId market, Quantity quantity, Money cost)
    {
        if (!_positions.TryAdd(market.Value, Position.Of(quantity, cost)))
            throw new InvalidOperationException($"image: account {Id} has two positions in {market}");
    }

    internal Position GetOrAddPosition(MarketId market)
    {
        if (!_positions.TryGetValue(market.Value, out var p))
        {
            p = new Position();
            _positions.Add(market.Value, p);
        }

        return p;
    }
}
