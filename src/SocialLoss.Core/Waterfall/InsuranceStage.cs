using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>
/// The insurance fund pays bad debt out of its cash balance, down to zero — and never beyond its equity: cash that the
/// losses of positions it took over already owe is not the fund's to pay with (paying it would make the fund insolvent,
/// and <see cref="FundSolvency"/> would turn the payment into deficit: a bankruptcy's shortfall hidden as the fund's).
/// </summary>
internal sealed class InsuranceStage : IWaterfallStage
{
    public static readonly InsuranceStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var fund = sink.Ledger.Insurance;
        var pay = Money.Min(remaining, FundSolvency.Payable(sink.Ledger)); // the balance when it holds no position
        if (pay.IsPositive)
            sink.Emit(new InsuranceFundChanged(-pay, fund.Balance - pay, FundReason.BadDebt, bankrupt.Id));
        return pay;
    }
}
