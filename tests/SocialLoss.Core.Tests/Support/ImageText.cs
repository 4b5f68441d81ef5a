using System.Text;
using SocialLoss.Core.Engine;

namespace SocialLoss.Core.Tests.Support;

/// <summary>Every field of a <see cref="LedgerImage"/> as text: two images are equal when their texts are.</summary>
internal static class ImageText
{
    public static string Of(LedgerImage image)
    {
        var sb = new StringBuilder();
        var c = image.Config;
        sb.Append($"config {c} closeout=[{string.Join(",", c.CloseOut)}] waterfall=[{string.Join(",", c.Waterfall)}]\n");
        sb.Append($"seq={image.LastSeq} active={image.HasActivity} deficit={image.Deficit.Micros} sitg={image.Sitg.Micros} net={image.NetDeposits.Micros}\n");
        sb.Append($"backstops=[{string.Join(",", image.Backstops)}] fund=[{string.Join(",", image.FundHistory)}]\n");
        foreach (var m in image.Markets)
        {
            var s = m.Spec;
            sb.Append($"market {s.Id} {s.TickSize} {s.LotSize} {s.ValuePerLotTick} {s.InitialMargin} {s.MaintenanceMargin} {s.LiquidationFee} ")
                .Append($"tiers=[{string.Join(",", s.Schedule.Tiers)}] mark={m.Mark} bids=[{string.Join(",", m.Bids)}] asks=[{string.Join(",", m.Asks)}]\n");
        }

        foreach (var a in image.Accounts)
        {
            sb.Append($"{a with { Positions = [] }}");
            foreach (var p in a.Positions)
                sb.Append($" {p.Market}:{p.Quantity.Lots}/{p.Cost.Micros}");
            sb.Append('\n');
        }

        return sb.ToString();
    }
}
