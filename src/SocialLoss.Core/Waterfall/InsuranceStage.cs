using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Waterfall;

/// <summary>The insurance fund pays bad debt out of its cash balance, down to zero.</summary>
internal sealed class InsuranceStage : IWaterfallStage
{
    public static readonly InsuranceStage Instance = new();

    public Money Absorb(IEventSink sink, Account bankrupt, Money remaining)
    {
        var fund = sink.Ledger.Insurance;
        var pay = Money.Min(remaining, Money.Max(Money.Zero, fund.Balance));
        if (pay.IsPositive)
            sink.Emit(new InsuranceFundChanged(-pay, fund.Balance - pay, FundReason.BadDebt, bankrupt.Id));
        return pay;
    }
}
