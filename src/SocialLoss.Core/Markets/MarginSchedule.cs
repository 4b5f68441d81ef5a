using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Markets;

/// <summary>
/// Tiered ("tax bracket") margin as Binance publishes it: <c>MM = notional x mmr_n − cum_n</c>, with
/// <c>cum_n = floor_n x (mmr_n − mmr_{n−1}) + cum_{n−1}</c>, so margin is continuous across brackets.
/// The same form is used for initial margin. The market's flat rates form the open-ended last bracket.
/// </summary>
/// <remarks>
/// Source: Binance, "Leverage and Margin of USDⓈ-M Futures" FAQ
/// (https://www.binance.com/en/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46).
/// The cumulative amounts are kept in micro-units x 1e9 (rate scale) so they are exact.
/// </remarks>
public sealed class MarginSchedule
{
    private readonly long[] _floors;        // micro-units; bracket i covers (floor_i, floor_{i+1}]
    private readonly long[] _caps;          // micro-units; long.MaxValue for the open-ended bracket
    private readonly long[] _imr;           // ppb
    private readonly long[] _mmr;           // ppb
    private readonly Int128[] _cumIm;       // micro x 1e9
    private readonly Int128[] _cumMm;       // micro x 1e9

    /// <summary>Builds the schedule: <paramref name="tiers"/> in increasing order, then the flat rates beyond them.</summary>
    public MarginSchedule(IReadOnlyList<MarginTier> tiers, Rate flatInitial, Rate flatMaintenance)
    {
        int n = tiers.Count + 1;
        _floors = new long[n];
        _caps = new long[n];
        _imr = new long[n];
        _mmr = new long[n];
        _cumIm = new Int128[n];
        _cumMm = new Int128[n];
        long floor = 0;
        for (int i = 0; i < n; i++)
        {
            bool last = i == n - 1;
            _floors[i] = floor;
            _caps[i] = last ? long.MaxValue : tiers[i].MaxNotional.Micros;
            _imr[i] = last ? flatInitial.Ppb : tiers[i].InitialMargin.Ppb;
            _mmr[i] = last ? flatMaintenance.Ppb : tiers[i].MaintenanceMargin.Ppb;
            if (i > 0)
            {
                _cumIm[i] = (Int128)floor * (_imr[i] - _imr[i - 1]) + _cumIm[i - 1];
                _cumMm[i] = (Int128)floor * (_mmr[i] - _mmr[i - 1]) + _cumMm[i - 1];
            }

            floor = _caps[i];
        }

        Tiers = tiers;
    }

    /// <summary>The configured brackets (without the open-ended flat one).</summary>
    public IReadOnlyList<MarginTier> Tiers { get; }

    /// <summary>Number of brackets including the open-ended one.</summary>
    public int BracketCount => _floors.Length;

    /// <summary>Index of the bracket a notional falls in.</summary>
    public int BracketOf(Money notional)
    {
        for (int i = 0; i < _caps.Length; i++)
            if (notional.Micros <= _caps[i])
                return i;
        return _caps.Length - 1;
    }

    /// <summary>Maintenance-margin rate of a bracket.</summary>
    public Rate MaintenanceRate(int bracket) => new(_mmr[bracket]);

    /// <summary>Initial-margin rate of a bracket.</summary>
    public Rate InitialRate(int bracket) => new(_imr[bracket]);

    /// <summary>Lower notional bound (exclusive) of a bracket.</summary>
    public Money Floor(int bracket) => new(_floors[bracket]);

    /// <summary>Upper notional bound (inclusive) of a bracket; <see cref="long.MaxValue"/> micro-units for the last.</summary>
    public Money Cap(int bracket) => new(_caps[bracket]);

    /// <summary>The maintenance amount ("cum") of a bracket, exactly, in micro-units x 1e9.</summary>
    public Int128 MaintenanceAmountScaled(int bracket) => _cumMm[bracket];

    /// <summary>The maintenance amount ("cum") of a bracket, rounded down to a micro-unit.</summary>
    public Money MaintenanceAmount(int bracket) => new(FixedPoint.ToLong(FixedPoint.FloorDiv(_cumMm[bracket], Rate.Scale)));

    /// <summary>Maintenance margin of a position of this notional, rounded up to a micro-unit.</summary>
    public Money Maintenance(Money notional)
    {
        int b = BracketOf(notional);
        return new(FixedPoint.ToLong(FixedPoint.CeilDiv((Int128)notional.Micros * _mmr[b] - _cumMm[b], Rate.Scale)));
    }

    /// <summary>Initial margin of a position of this notional, rounded up to a micro-unit.</summary>
    public Money Initial(Money notional)
    {
        int b = BracketOf(notional);
        return new(FixedPoint.ToLong(FixedPoint.CeilDiv((Int128)notional.Micros * _imr[b] - _cumIm[b], Rate.Scale)));
    }
}
