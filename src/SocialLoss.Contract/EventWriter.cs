using System.Buffers;
using System.Text;
using System.Text.Json;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Writes engine events as contract-v1 JSON lines: <c>seq</c>, <c>cmd</c>, <c>type</c>, then the
/// event's fields in a fixed order, every number a decimal string. Prices and quantities are
/// formatted with their market's tick and lot sizes, looked up in the ledger.
/// </summary>
public sealed class EventWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Ledger _ledger;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    /// <summary>A writer that formats against <paramref name="ledger"/>'s markets.</summary>
    public EventWriter(Ledger ledger) => _ledger = ledger;

    /// <summary>The event as one line of JSON (no newline).</summary>
    public string Format(EngineEvent e)
    {
        _buffer.Clear();
        using (var w = new Utf8JsonWriter(_buffer, Options))
            Write(w, e);
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>The type name of an event on the wire.</summary>
    public static string TypeName(EngineEvent e) => e switch
    {
        Configured => "configured",
        MarketListed => "marketListed",
        Deposited => "deposited",
        Withdrawn => "withdrawn",
        Traded => "traded",
        Marked => "marked",
        Funded => "funded",
        BookUpdated => "bookUpdated",
        BackstopSet => "backstopSet",
        InsuranceFundChanged => "insuranceFund",
        Liquidated => "liquidated",
        ClosedOut => "closedOut",
        Deleveraged => "deleveraged",
        BadDebt => "badDebt",
        ClawedBack => "clawback",
        DeficitChanged => "deficit",
        Rejected => "rejected",
        Settled => "settled",
        MemberContributed => "memberContributed",
        SitgContributed => "sitg",
        Defaulted => "defaulted",
        DefaultFundUsed => "defaultFund",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, null),
    };

    private MarketSpec Spec(MarketId id) => _ledger.Markets[id.Value].Spec;

    private void Write(Utf8JsonWriter w, EngineEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", e.Seq);
        w.WriteNumber("cmd", e.Cmd);
        w.WriteString("type", TypeName(e));
        switch (e)
        {
            case Configured c:
                ConfigJson.Write(w, c.Config);
                break;
            case MarketListed m:
                MarketJson.WriteSpec(w, m.Spec);
                break;
            case Deposited d:
                w.WriteString("account", d.Account.Value);
                w.WriteString("amount", d.Amount.ToString());
                break;
            case Withdrawn wd:
                w.WriteString("account", wd.Account.Value);
                w.WriteString("amount", wd.Amount.ToString());
                w.WriteString("haircut", wd.Haircut.ToString());
                break;
            case Traded t:
                w.WriteString("market", t.Market.Value);
                w.WriteString("buyer", t.Buyer.Value);
                w.WriteString("seller", t.Seller.Value);
                w.WriteString("price", Spec(t.Market).Format(t.Price));
                w.WriteString("quantity", Spec(t.Market).Format(t.Quantity));
                break;
            case Marked mk:
                w.WriteString("market", mk.Market.Value);
                w.WriteString("price", Spec(mk.Market).Format(mk.Price));
                break;
            case Funded f:
                w.WriteString("account", f.Account.Value);
                w.WriteString("market", f.Market.Value);
                w.WriteString("amount", f.Amount.ToString());
                w.WriteString("rate", f.Rate.ToString());
                break;
            case BookUpdated b:
                w.WriteString("market", b.Market.Value);
                MarketJson.WriteLevels(w, "bids", b.Bids, Spec(b.Market));
                MarketJson.WriteLevels(w, "asks", b.Asks, Spec(b.Market));
                break;
            case BackstopSet bs:
                w.WriteString("account", bs.Account.Value);
                w.WriteBoolean("enabled", bs.Enabled);
                break;
            case InsuranceFundChanged ifc:
                w.WriteString("change", ifc.Change.ToString());
                w.WriteString("balance", ifc.Balance.ToString());
                w.WriteString("reason", WireNames.FundReasons[ifc.Reason]);
                if (ifc.Account is { } a)
                    w.WriteString("account", a.Value);
                break;
            case Liquidated l:
                var ls = Spec(l.Market);
                w.WriteString("account", l.Account.Value);
                w.WriteString("market", l.Market.Value);
                w.WriteString("quantity", ls.Format(l.Quantity));
                w.WriteString("price", ls.Format(l.Price));
                w.WriteString("bankruptcyPrice", ls.Format(l.BankruptcyPrice));
                w.WriteString("fee", l.Fee.ToString());
                w.WriteString("equity", l.Equity.ToString());
                w.WriteString("maintenanceMargin", l.MaintenanceMargin.ToString());
                break;
            case ClosedOut co:
                var cs = Spec(co.Market);
                w.WriteString("account", co.Account.Value);
                w.WriteString("market", co.Market.Value);
                w.WriteString("counterparty", co.Counterparty.Value);
                w.WriteString("via", WireNames.Via[co.Via]);
                w.WriteString("quantity", cs.Format(co.Quantity));
                w.WriteString("price", cs.Format(co.Price));
                break;
            case Deleveraged dl:
                var ds = Spec(dl.Market);
                w.WriteString("account", dl.Account.Value);
                w.WriteString("counterparty", dl.Counterparty.Value);
                w.WriteString("market", dl.Market.Value);
                w.WriteString("quantity", ds.Format(dl.Quantity));
                w.WriteString("price", ds.Format(dl.Price));
                w.WriteNumber("rank", dl.Rank);
                break;
            case BadDebt bd:
                w.WriteString("account", bd.Account.Value);
                w.WriteString("amount", bd.Amount.ToString());
                break;
            case ClawedBack cb:
                w.WriteString("account", cb.Account.Value);
                w.WriteString("bankrupt", cb.Bankrupt.Value);
                w.WriteString("amount", cb.Amount.ToString());
                w.WriteString("base", cb.Base.ToString());
                w.WriteString("rate", FixedPoint.Normalize(decimal.Round(cb.Rate, 12, MidpointRounding.ToEven)));
                w.WriteString("stage", WireNames.NameOf(WireNames.Waterfall, cb.Stage));
                break;
            case DeficitChanged dc:
                w.WriteString("change", dc.Change.ToString());
                w.WriteString("total", dc.Total.ToString());
                w.WriteString("account", dc.Account.Value);
                break;
            case Settled:
                break;
            case MemberContributed mc:
                w.WriteString("account", mc.Account.Value);
                w.WriteString("amount", mc.Amount.ToString());
                w.WriteString("defaultFund", mc.DefaultFund.ToString());
                break;
            case SitgContributed sc:
                w.WriteString("amount", sc.Amount.ToString());
                w.WriteString("total", sc.Total.ToString());
                break;
            case Defaulted df:
                w.WriteString("account", df.Account.Value);
                break;
            case DefaultFundUsed du:
                w.WriteString("stage", WireNames.NameOf(WireNames.Waterfall, du.Stage));
                if (du.Contributor is { } contributor)
                    w.WriteString("contributor", contributor.Value);
                w.WriteString("bankrupt", du.Bankrupt.Value);
                w.WriteString("amount", du.Amount.ToString());
                break;
            case Rejected r:
                w.WriteString("code", WireNames.RejectCodes[r.Code]);
                w.WriteString("reason", r.Reason);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, null);
        }

        w.WriteEndObject();
    }
}
