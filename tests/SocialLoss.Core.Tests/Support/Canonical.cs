using System.Globalization;
using System.Text;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;

namespace SocialLoss.Core.Tests.Support;

/// <summary>
/// Canonical text of events and ledger state, for comparing runs by value (records print list-typed
/// fields by type name, so those are spelled out here).
/// </summary>
internal static class Canonical
{
    public static string Event(EngineEvent e) => e switch
    {
        BookUpdated b => $"BookUpdated {{ Seq = {b.Seq}, Cmd = {b.Cmd}, Market = {b.Market}, Bids = {Levels(b.Bids)}, Asks = {Levels(b.Asks)} }}",
        Configured c => $"Configured {{ Seq = {c.Seq}, Cmd = {c.Cmd}, Config = {Config(c.Config)} }}",
        MarketListed m => $"MarketListed {{ Seq = {m.Seq}, Cmd = {m.Cmd}, Spec = {Spec(m.Spec)} }}",
        _ => e.ToString(),
    };

    public static string Events(IEnumerable<EngineEvent> events) => string.Join("\n", events.Select(Event));

    public static string Config(EngineConfig c) =>
        $"closeout=[{string.Join(",", c.CloseOut)}] adl={c.AdlRanking}/{c.AdlPrice} waterfall=[{string.Join(",", c.Waterfall)}] " +
        $"clawback={c.ClawbackMethod}/{c.ClawbackBase} haircut={c.WithdrawalHaircut} backstopPrice={c.BackstopPrice} funding={c.Funding}";

    public static string Spec(MarketSpec s) =>
        $"{s.Id} tick={s.TickSize.ToString(CultureInfo.InvariantCulture)} lot={s.LotSize.ToString(CultureInfo.InvariantCulture)} " +
        $"vpt={s.ValuePerLotTick} im={s.InitialMargin} mm={s.MaintenanceMargin} fee={s.LiquidationFee} " +
        $"tiers=[{string.Join(",", s.Schedule.Tiers.Select(t => $"{t.MaxNotional}:{t.InitialMargin}:{t.MaintenanceMargin}"))}]";

    private static string Levels(IEnumerable<BookLevel> levels) =>
        "[" + string.Join(",", levels.Select(l => $"{l.Price.Ticks}x{l.Quantity.Lots}")) + "]";

    /// <summary>
    /// The money and positions of a ledger: every account's balance, backstop flag and positions
    /// (quantity and exact cost), the insurance fund, deficit, net deposits, marks and books.
    /// Sequence numbers are left out, so a rejected command (which adds one event) leaves it unchanged.
    /// </summary>
    public static string State(Ledger ledger)
    {
        var sb = new StringBuilder();
        sb.Append("config ").Append(Config(ledger.Config)).Append('\n');
        sb.Append("activity ").Append(ledger.HasActivity).Append('\n');
        foreach (var a in ledger.Accounts.Values)
        {
            sb.Append("account ").Append(a.Id).Append(" balance=").Append(a.Balance).Append(" backstop=").Append(a.IsBackstop)
                .Append(" principal=").Append(a.Principal).Append(" profitAtSettle=").Append(a.ProfitAtSettle);
            foreach (var (market, p) in a.OpenPositions)
                sb.Append(' ').Append(market).Append(':').Append(p.Quantity.Lots).Append('@').Append(p.Cost.Micros).Append('~').Append(p.FundingSnapshot);
            sb.Append('\n');
        }

        foreach (var m in ledger.Markets.Values)
            sb.Append("market ").Append(Spec(m.Spec)).Append(" mark=").Append(m.Mark?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "none")
                .Append(" bids=").Append(Levels(m.Bids)).Append(" asks=").Append(Levels(m.Asks))
                .Append(" fundingIndex=").Append(m.FundingIndex).Append(" fundingRemainder=").Append(m.FundingRemainder).Append('\n');
        sb.Append("insurance ").Append(ledger.Insurance.Balance).Append('\n');
        sb.Append("deficit ").Append(ledger.Deficit).Append('\n');
        sb.Append("netDeposits ").Append(ledger.NetDeposits).Append('\n');
        return sb.ToString();
    }
}
