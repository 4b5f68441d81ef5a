using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// What the bankruptcies of one wave share before the winners pay: the insurance fund's balance, reserved plan by
/// plan in account-id order for the budgeted ADL's "shortfall after the fund".
/// </summary>
internal sealed class WaveBudget(Money fund)
{
    /// <summary>Fund balance not yet reserved by a plan of this wave.</summary>
    public Money FundLeft { get; private set; } = Money.Max(Money.Zero, fund);

    /// <summary>Reserves the part of the plan's shortfall the fund covers and returns it.</summary>
    public Money TakeFund(CloseOutPlan plan)
    {
        var shortfall = Money.Max(Money.Zero, -plan.SimEquity);
        var take = Money.Min(shortfall, FundLeft);
        FundLeft -= take;
        return take;
    }
}
