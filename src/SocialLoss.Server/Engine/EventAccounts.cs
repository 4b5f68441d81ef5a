using SocialLoss.Core.Commands;
using SocialLoss.Core.Events;

namespace SocialLoss.Server;

/// <summary>Which accounts an event concerns: what an account key may see of the event stream.</summary>
public static class EventAccounts
{
    /// <summary>The accounts an event concerns (for account keys): every account it names, and for a rejection the accounts of the command.</summary>
    public static string[] Of(EngineEvent e, Command command) => e switch
    {
        Deposited d => [d.Account.Value],
        Withdrawn w => [w.Account.Value],
        Traded t => [t.Buyer.Value, t.Seller.Value],
        Funded f => [f.Account.Value],
        InsuranceFundChanged { Account: { } a } => [a.Value],
        Liquidated l => [l.Account.Value],
        ClosedOut c => [c.Account.Value, c.Counterparty.Value],
        Deleveraged dl => [dl.Account.Value, dl.Counterparty.Value],
        BadDebt b => [b.Account.Value],
        ClawedBack cb => [cb.Account.Value, cb.Bankrupt.Value],
        DeficitChanged dc => [dc.Account.Value],
        MemberContributed mc => [mc.Account.Value],
        Defaulted df => [df.Account.Value],
        DefaultFundUsed { Contributor: { } c } du => [c.Value, du.Bankrupt.Value],
        DefaultFundUsed du => [du.Bankrupt.Value],
        BackstopSet bs => [bs.Account.Value],
        Rejected => command switch
        {
            DepositCommand c => [c.Account.Value],
            WithdrawCommand c => [c.Account.Value],
            TradeCommand c => [c.Buyer.Value, c.Seller.Value],
            BackstopCommand c => [c.Account.Value],
            MemberCommand c => [c.Account.Value],
            DefaultCommand c => [c.Account.Value],
            _ => [],
        },
        _ => [],
    };
}
