using System.Globalization;
using System.Text;

namespace SocialLoss.Simulation;

/// <summary>The comparison as CSV, one row per policy.</summary>
public static class ResultsCsv
{
    /// <summary>The CSV text (header and one row per policy; amounts in USD).</summary>
    public static string Write(SimulationResult result)
    {
        var sb = new StringBuilder("policy,liquidations,liquidated_notional,book_notional,fund_takeover_notional,bad_debt,fund_used,fund_inflow,fund_end,adl_loss_vs_mark,clawbacks,socialized,deficit,adl_notional,adl_fills,accounts_hit,adl_accounts,largest_haircut_share,haircut_gini,top1_share,hedged_broken,overshoot,winners_pnl_kept,rejected,state_hash\n");
        foreach (var r in result.Results)
        {
            var m = r.Metrics;
            sb.AppendLine(string.Join(',', new object[]
            {
                r.Policy.Name, m.Liquidations, m.LiquidatedNotional, m.BookNotional, m.FundTakeoverNotional, m.BadDebt, m.FundUsed, m.FundInflow, m.FundEnd,
                m.AdlLossVsMark, m.Clawbacks, m.Socialized, m.Deficit, m.AdlNotional, m.AdlFills, m.AccountsHit, m.AdlAccounts,
                m.LargestHaircutShare, m.HaircutGini, m.Top1PercentShare, m.HedgedBroken, m.Overshoot, m.WinnersPnlKept, m.Rejected, r.StateHash,
            }.Select(o => o is double d ? d.ToString("0.######", CultureInfo.InvariantCulture) : Convert.ToString(o, CultureInfo.InvariantCulture))));
        }

        return sb.ToString();
    }
}
