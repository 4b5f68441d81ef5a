using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle;

/// <summary>
/// The waterfall stages beyond insurance and clawback, and the config options around them (the closeout surplus to the
/// fund, the withdrawal haircut), naively: every account scanned for every bankruptcy, splits by <see cref="WaterFill"/>.
/// </summary>
public sealed partial class OracleEngine
{
    /// <summary>Whether the oracle reproduces the waterfall stage <paramref name="stage"/>: all eleven.</summary>
    public static bool Covered(WaterfallStageKind stage) => Enum.IsDefined(stage);

    /// <summary>A stage other than insurance and clawback: pays what it can of <paramref name="remaining"/>, returns that.</summary>
    private decimal OtherStage(WaterfallStageKind stage, RAccount bankrupt, decimal remaining) => stage switch
    {
        WaterfallStageKind.OpenInterest => OpenInterest(bankrupt, remaining),
        WaterfallStageKind.DepositIndex => DepositIndex(bankrupt, remaining),
        WaterfallStageKind.DefaulterMargin => 0, // the close-out already charged the defaulter's collateral
        WaterfallStageKind.DefaulterDefaultFund => DefaulterDefaultFund(bankrupt, remaining), // OracleEngine.Ccp.cs
        WaterfallStageKind.Sitg => SkinInTheGame(bankrupt, remaining),
        WaterfallStageKind.SurvivorsDefaultFund => SurvivorsDefaultFund(bankrupt, remaining),
        WaterfallStageKind.Assessments => Assessments(bankrupt, remaining),
        WaterfallStageKind.Vmgh => Vmgh(bankrupt, remaining),
        WaterfallStageKind.TearUp => TearUp(),
        _ => throw new NotSupportedException($"waterfall stage {stage}"),
    };

    /// <summary>
    /// Open interest (Drift v2 <c>resolve_perp_bankruptcy</c>, Mango v4 <c>socialize_loss</c>; Core's <c>OpenInterestStage</c>):
    /// every account with an open position but the bankrupt and the built-in ones, winner or loser, pays in proportion to
    /// its notional at the mark over all its markets, each at most its equity (none when its equity is not positive).
    /// </summary>
    private decimal OpenInterest(RAccount bankrupt, decimal remaining)
    {
        var payers = new List<(RAccount, decimal, decimal, decimal)>();
        foreach (var a in _ordered)
        {
            if (IsBuiltIn(a.Id) || a.Id == bankrupt.Id || !a.HasPositions)
                continue;
            var notional = Notional(a);
            payers.Add((a, notional, Math.Max(0m, Equity(a)), notional));
        }

        return Charge(bankrupt, remaining, payers, WaterfallStageKind.OpenInterest);
    }

    /// <summary>
    /// Deposit index (Drift spot <c>resolve_spot_bankruptcy</c>; Core's <c>DepositIndexStage</c>): every account with a
    /// positive balance but the bankrupt and the built-in ones (backstops and accounts with positions included) loses the
    /// same fraction of that balance, at most all of it.
    /// </summary>
    private decimal DepositIndex(RAccount bankrupt, decimal remaining)
    {
        var payers = new List<(RAccount, decimal, decimal, decimal)>();
        foreach (var a in _ordered)
        {
            if (IsBuiltIn(a.Id) || a.Id == bankrupt.Id || a.Balance <= 0)
                continue;
            payers.Add((a, a.Balance, a.Balance, a.Balance));
        }

        return Charge(bankrupt, remaining, payers, WaterfallStageKind.DepositIndex);
    }

    /// <summary>
    /// Spreads <paramref name="remaining"/> over <paramref name="payers"/> (weight, cap, base in units) by water-filling in
    /// micro-units, one <see cref="ClawedBack"/> per payer charged, tagged with <paramref name="stage"/>; its rate is
    /// covered / Σ bases. Nothing when no payer has a base.
    /// </summary>
    private decimal Charge(RAccount bankrupt, decimal remaining, List<(RAccount Account, decimal Weight, decimal Cap, decimal Base)> payers, WaterfallStageKind stage)
    {
        decimal total = payers.Sum(p => p.Base);
        if (payers.Count == 0 || total == 0)
            return 0;
        var parts = WaterFill(remaining / Exact.Micro, payers.Select(p => p.Weight / Exact.Micro).ToList(), payers.Select(p => p.Cap / Exact.Micro).ToList())
            .Select(p => p * Exact.Micro).ToList();
        decimal covered = parts.Sum();
        decimal rate = decimal.Truncate(covered * 1_000_000m) / decimal.Truncate(total * 1_000_000m); // Core: micros over micros
        for (int i = 0; i < payers.Count; i++)
            if (parts[i] > 0)
            {
                var (a, _, _, b) = payers[i];
                Emit(new ClawedBack(new AccountId(a.Id), new AccountId(bankrupt.Id), MoneyOf(parts[i]), MoneyOf(b), rate) { Stage = stage });
                a.Balance -= parts[i];
                bankrupt.Balance += parts[i];
                if (stage == WaterfallStageKind.Assessments)
                    a.Assessed += parts[i];
            }

        return covered;
    }

    /// <summary>
    /// <c>closeoutSurplus: "fund"</c> (BitMEX: "if the liquidation is filled better than the bankruptcy price, the excess
    /// goes to the insurance fund", https://www.bitmex.com/app/liquidation; Core's <c>LiquidationSweep.Liquidate</c>): once a
    /// liquidated account's positions are closed, the positive balance it has left goes to the fund.
    /// </summary>
    private void PaySurplus(RAccount account)
    {
        if (_config.CloseoutSurplus != SurplusRecipient.Fund || account.HasPositions || account.Balance <= 0)
            return;
        var surplus = account.Balance;
        var fund = _accounts[InsuranceName];
        Emit(new InsuranceFundChanged(MoneyOf(surplus), MoneyOf(fund.Balance + surplus), FundReason.CloseoutSurplus, new AccountId(account.Id)));
        fund.Balance += surplus;
        account.Balance -= surplus;
    }

    /// <summary>
    /// <c>withdrawalHaircut</c> (Paradex's socialized-loss factor, https://docs.paradex.trade/risk/socialized-losses, its
    /// worked example: deficit 1,000 over net deposits 4,000 takes 125 of a withdrawal of 500): while there is a deficit,
    /// a withdrawal pays <c>amount x deficit / net deposits</c> of itself to the fund, floored to a micro-unit, at most the
    /// amount; nothing when net deposits are not positive.
    /// </summary>
    private decimal WithdrawalHaircut(decimal amount)
    {
        if (!_config.WithdrawalHaircut || Deficit <= 0 || NetDeposits <= 0)
            return 0;
        return Math.Min(amount, Exact.FloorDiv(amount * Deficit, NetDeposits * Exact.Micro) * Exact.Micro);
    }

    /// <summary>
    /// Withdraws <paramref name="amount"/> from <paramref name="a"/>: the account and its principal lose all of it, the
    /// haircut goes to the fund (an <see cref="InsuranceFundChanged"/> after the <see cref="Withdrawn"/>), the rest leaves.
    /// </summary>
    private void PayOut(RAccount a, decimal amount)
    {
        var haircut = WithdrawalHaircut(amount);
        Emit(new Withdrawn(new AccountId(a.Id), MoneyOf(amount), MoneyOf(haircut)));
        a.Balance -= amount;
        a.Principal -= amount;
        NetDeposits -= amount - haircut;
        if (haircut <= 0)
            return;
        var fund = _accounts[InsuranceName];
        Emit(new InsuranceFundChanged(MoneyOf(haircut), MoneyOf(fund.Balance + haircut), FundReason.WithdrawalHaircut, new AccountId(a.Id)));
        fund.Balance += haircut;
    }
}
