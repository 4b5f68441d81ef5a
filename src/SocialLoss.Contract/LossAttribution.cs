using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// The one fold of a run's events into who paid for its losses: the totals (bad debt, what the fund paid, what other
/// traders paid through ADL against the mark, clawbacks and mutualised CCP funds, the deficit), each account's haircut
/// and each bankruptcy's payers. <c>compare</c>, <c>simulate</c>, <c>demo</c>, the reports and <c>replay</c>'s summary all
/// read it, so a name means one thing everywhere. Money is exact (micro-units); only the shares and the inequality
/// statistics of <see cref="Summarize"/> are doubles.
/// </summary>
/// <remarks>
/// Each event is read against a shadow ledger holding the state just before it (positions for the share of a position
/// an ADL fill closed and for broken hedges, marks for what the fill cost against the mark), then applied to it.
/// Feed it every event of the run from the first (set-up included) — it needs the positions they open.
/// </remarks>
public sealed class LossAttribution
{
    private readonly Ledger _shadow = new();
    private readonly Func<string, bool>? _hedgedElsewhere;
    private readonly Dictionary<string, long> _haircuts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleveraged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hedgesBroken = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), long> _shortfall = [];
    private readonly Dictionary<string, int> _openBankruptcy = new(StringComparer.Ordinal);
    private readonly List<BankruptcyPayers> _bankruptcies = [];
    private long _liquidatedNotional, _bookNotional, _fundNotional, _badDebt, _fundUsed, _fundInflow, _adlLoss, _clawbacks, _mutualized, _adlNotional;
    private double _largestPositionShare;

    /// <param name="hedgedElsewhere">
    /// Accounts whose hedge lies outside the engine (the simulator's hedged traders and market makers): an ADL fill on
    /// one breaks its hedge as an opposite position in another market would.
    /// </param>
    public LossAttribution(Func<string, bool>? hedgedElsewhere = null) => _hedgedElsewhere = hedgedElsewhere;

    /// <summary>The state the events read so far leave (read it, never change it).</summary>
    public Ledger State => _shadow;

    /// <summary>Positions liquidated so far.</summary>
    public int Liquidations { get; private set; }

    /// <summary>ADL fills so far.</summary>
    public int AdlFills { get; private set; }

    /// <summary>Commands rejected so far.</summary>
    public int Rejected { get; private set; }

    /// <summary>What other traders have paid so far: ADL losses against the mark, clawbacks and mutualised CCP funds.</summary>
    public Money Socialized => new(checked(_adlLoss + _clawbacks + _mutualized));

    /// <summary>Each account's haircut so far (ADL loss against the mark + clawbacks + mutualised contributions), where positive.</summary>
    public IReadOnlyDictionary<string, long> Haircuts => _haircuts;

    /// <summary>Reads one event (before it is applied to the shadow state), then applies it.</summary>
    public void Observe(EngineEvent e)
    {
        switch (e)
        {
            case Liquidated l:
                Liquidations++;
                _liquidatedNotional = checked(_liquidatedNotional + Spec(l.Market).Notional(l.Quantity, l.Price).Micros);
                if (l.Equity.IsNegative)
                    _shortfall.TryAdd((l.Account.Value, l.Cmd), -l.Equity.Micros);
                break;
            case ClosedOut c when c.Via is CloseOutVia.Book or CloseOutVia.Fund:
                var n = Spec(c.Market).Notional(c.Quantity, c.Price).Micros;
                if (c.Via == CloseOutVia.Book)
                    _bookNotional = checked(_bookNotional + n);
                else
                    _fundNotional = checked(_fundNotional + n);
                break;
            case Deleveraged d:
                Deleverage(d);
                break;
            case BadDebt b:
                _badDebt = checked(_badDebt + b.Amount.Micros);
                // what had to come from somewhere: the negative equity at the mark, or the bad debt when a close-out below the mark made it larger
                _shortfall[(b.Account.Value, b.Cmd)] = Math.Max(_shortfall.GetValueOrDefault((b.Account.Value, b.Cmd)), b.Amount.Micros);
                _openBankruptcy[b.Account.Value] = _bankruptcies.Count;
                _bankruptcies.Add(new BankruptcyPayers(b.Cmd, b.Account, b.Amount));
                break;
            case InsuranceFundChanged f when f.Reason == FundReason.BadDebt:
                _fundUsed = checked(_fundUsed - f.Change.Micros);
                Pay(f.Account, p => p with { Fund = p.Fund - f.Change });
                break;
            case InsuranceFundChanged f when f.Reason is FundReason.LiquidationFee or FundReason.CloseoutSurplus:
                _fundInflow = checked(_fundInflow + f.Change.Micros);
                break;
            case ClawedBack c:
                _clawbacks = checked(_clawbacks + c.Amount.Micros);
                Charge(c.Account.Value, c.Amount.Micros);
                Pay(c.Bankrupt, p => p with { Socialized = p.Socialized + c.Amount });
                break;
            case DefaultFundUsed u when u.Stage == WaterfallStageKind.SurvivorsDefaultFund:
                _mutualized = checked(_mutualized + u.Amount.Micros);
                Charge(u.Contributor!.Value.Value, u.Amount.Micros);
                Pay(u.Bankrupt, p => p with { Socialized = p.Socialized + u.Amount });
                break;
            case DefaultFundUsed u:
                Pay(u.Bankrupt, p => p with { Resources = p.Resources + u.Amount }); // the defaulter's own fund, the CCP's skin in the game
                break;
            case DeficitChanged x:
                Pay(x.Account, p => p with { Deficit = p.Deficit + x.Change });
                break;
            case Core.Events.Rejected:
                Rejected++;
                break;
        }

        _shadow.Apply(e);
    }

    /// <summary>Reads a run's events in order.</summary>
    public void Observe(IEnumerable<EngineEvent> events)
    {
        foreach (var e in events)
            Observe(e);
    }

    private void Deleverage(Deleveraged d)
    {
        AdlFills++;
        var spec = Spec(d.Market);
        _adlNotional = checked(_adlNotional + spec.Notional(d.Quantity, d.Price).Micros);
        var winner = _shadow.Account(d.Account)!;
        var before = winner.QuantityIn(d.Market);
        if (!before.IsZero)
            _largestPositionShare = Math.Max(_largestPositionShare, (double)d.Quantity.Lots / Math.Abs(before.Lots));

        // What the winner gave up against the mark: its position closed at a worse price than the mark.
        if (_shadow.Markets[d.Market.Value].Mark is { } mark)
        {
            long cost = before.Sign * (spec.Value(d.Quantity, mark) - spec.Value(d.Quantity, d.Price)).Micros;
            if (cost > 0)
            {
                _adlLoss = checked(_adlLoss + cost);
                Charge(d.Account.Value, cost);
            }
        }

        // A hedge is broken once one of its legs is deleveraged: the opposite leg, in another market or outside the engine, stays open.
        bool hedged = _hedgedElsewhere?.Invoke(d.Account.Value) == true;
        foreach (var (name, p) in winner.OpenPositions)
            hedged |= name != d.Market.Value && p.Quantity.Sign == -before.Sign;
        if (hedged)
            _hedgesBroken.Add(d.Account.Value);
        _deleveraged.Add(d.Account.Value);
    }

    private Core.Markets.MarketSpec Spec(Core.Numbers.MarketId market) => _shadow.Markets[market.Value].Spec;

    private void Charge(string account, long amount) => _haircuts[account] = checked(_haircuts.GetValueOrDefault(account) + amount);

    private void Pay(AccountId? bankrupt, Func<BankruptcyPayers, BankruptcyPayers> add)
    {
        if (bankrupt is { } b && _openBankruptcy.TryGetValue(b.Value, out var i))
            _bankruptcies[i] = add(_bankruptcies[i]);
    }

    /// <summary>The totals, with the figures that need the final state (<paramref name="final"/>: the engine's ledger at the end).</summary>
    public LossSummary Summarize(Ledger final)
    {
        ArgumentNullException.ThrowIfNull(final);
        double largestShare = 0;
        var amounts = new List<double>(_haircuts.Count);
        foreach (var (id, h) in _haircuts)
        {
            if (h <= 0)
                continue;
            amounts.Add(h);
            if (final.Account(new AccountId(id)) is not { } account)
                continue;
            // the share of what the account would have ended with without the haircut
            var without = (Int128)Risk.Equity(final, account).Micros + h;
            if (without > 0)
                largestShare = Math.Max(largestShare, Math.Min(1, (double)h / (double)without));
        }

        long kept = 0, needed = 0;
        foreach (var a in final.Accounts.Values)
        {
            if (a.IsBuiltIn)
                continue;
            var profit = Risk.Equity(final, a) - a.Principal;
            if (profit.IsPositive)
                kept = checked(kept + profit.Micros);
        }

        foreach (var s in _shortfall.Values)
            needed = checked(needed + s);
        int hit = _deleveraged.Count;
        foreach (var (id, h) in _haircuts)
            if (h > 0 && !_deleveraged.Contains(id))
                hit++;
        var socialized = Socialized;
        var overshoot = new Money(Math.Max(0, socialized.Micros - Math.Max(0, needed - _fundUsed)));
        return new LossSummary(Liquidations, new Money(_liquidatedNotional), new Money(_bookNotional), new Money(_fundNotional), new Money(_badDebt),
            new Money(_fundUsed), new Money(_fundInflow), final.Insurance.Balance, new Money(_adlLoss), new Money(_clawbacks), new Money(_mutualized),
            socialized, final.Deficit, new Money(_adlNotional), AdlFills, hit, _deleveraged.Count, largestShare, _largestPositionShare,
            Inequality.Gini(amounts), Inequality.TopShare(amounts, 0.01), _hedgesBroken.Count, overshoot, new Money(kept), Rejected)
        {
            Bankruptcies = _bankruptcies.ToArray(),
            Haircuts = _haircuts.Where(h => h.Value > 0).ToDictionary(h => h.Key, h => new Money(h.Value), StringComparer.Ordinal),
        };
    }
}
