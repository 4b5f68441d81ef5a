using System.Buffers;
using System.Text;
using System.Text.Json;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Writes engine events as contract-v1 JSON lines: <c>seq</c>, <c>cmd</c>, <c>time</c> (only when the command had one), <c>type</c>, then the
/// event's fields in a fixed order, every number a decimal string. Prices and quantities are
/// formatted with their market's tick and lot sizes, looked up in the ledger.
/// </summary>
public sealed class EventWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The same output without the structure checks: Write is fixed code whose structure Format (validating) exercises in every test.
    private static readonly JsonWriterOptions LineOptions = Options with { SkipValidation = true };
    private readonly Ledger _ledger;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private Utf8JsonWriter? _lineWriter;

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
        FundingIndexed => "fundingIndex",
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

    /// <summary>
    /// Writes the event as one line of JSON and a <c>\n</c> into <paramref name="output"/>, the same bytes as
    /// <see cref="Format"/> without a string in between (the replay's fast path).
    /// </summary>
    public void WriteLine(EngineEvent e, IBufferWriter<byte> output)
    {
        if (_lineWriter is null)
            _lineWriter = new Utf8JsonWriter(output, LineOptions);
        else
            _lineWriter.Reset(output);
        Write(_lineWriter, e);
        _lineWriter.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    private void Write(Utf8JsonWriter w, EngineEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber(N.Seq, e.Seq);
        w.WriteNumber(N.Cmd, e.Cmd);
        if (e.Time is { } time)
            w.WriteString(N.Time, time.ToString());
        w.WriteString(N.Type, TypeName(e));
        switch (e)
        {
            case Configured c:
                ConfigJson.Write(w, c.Config);
                break;
            case MarketListed m:
                MarketJson.WriteSpec(w, m.Spec);
                break;
            case Deposited d:
                w.WriteString(N.Account, d.Account.Value);
                Amount(w, N.Amount, d.Amount);
                break;
            case Withdrawn wd:
                w.WriteString(N.Account, wd.Account.Value);
                Amount(w, N.Amount, wd.Amount);
                Amount(w, N.Haircut, wd.Haircut);
                break;
            case Traded t:
                var ts = Spec(t.Market);
                w.WriteString(N.Market, t.Market.Value);
                w.WriteString(N.Buyer, t.Buyer.Value);
                w.WriteString(N.Seller, t.Seller.Value);
                Decimal(w, N.Price, ts.ToDecimal(t.Price));
                Decimal(w, N.Quantity, ts.ToDecimal(t.Quantity));
                break;
            case Marked mk:
                w.WriteString(N.Market, mk.Market.Value);
                Decimal(w, N.Price, Spec(mk.Market).ToDecimal(mk.Price));
                break;
            case Funded f:
                w.WriteString(N.Account, f.Account.Value);
                w.WriteString(N.Market, f.Market.Value);
                Amount(w, N.Amount, f.Amount);
                RateValue(w, N.Rate, f.Rate);
                break;
            case FundingIndexed fi:
                w.WriteString(N.Market, fi.Market.Value);
                RateValue(w, N.Rate, fi.Rate);
                // Money per lot with 15 decimals (10⁻⁹ micro-units): exact, no rounding on the wire either.
                w.WriteString("perLot", FixedPoint.Format(fi.PerLot, FundingIndexJson.Decimals));
                w.WriteString("index", FixedPoint.Format(fi.Index, FundingIndexJson.Decimals));
                break;
            case BookUpdated b:
                w.WriteString(N.Market, b.Market.Value);
                MarketJson.WriteLevels(w, "bids", b.Bids, Spec(b.Market));
                MarketJson.WriteLevels(w, "asks", b.Asks, Spec(b.Market));
                break;
            case BackstopSet bs:
                w.WriteString(N.Account, bs.Account.Value);
                w.WriteBoolean(N.Enabled, bs.Enabled);
                break;
            case InsuranceFundChanged ifc:
                Amount(w, N.Change, ifc.Change);
                Amount(w, N.Balance, ifc.Balance);
                w.WriteString(N.Reason, WireNames.FundReasons[ifc.Reason]);
                if (ifc.Account is { } a)
                    w.WriteString(N.Account, a.Value);
                break;
            case Liquidated l:
                var ls = Spec(l.Market);
                w.WriteString(N.Account, l.Account.Value);
                w.WriteString(N.Market, l.Market.Value);
                Decimal(w, N.Quantity, ls.ToDecimal(l.Quantity));
                Decimal(w, N.Price, ls.ToDecimal(l.Price));
                Decimal(w, N.BankruptcyPrice, ls.ToDecimal(l.BankruptcyPrice));
                Amount(w, N.Fee, l.Fee);
                Amount(w, N.Equity, l.Equity);
                Amount(w, N.MaintenanceMargin, l.MaintenanceMargin);
                break;
            case ClosedOut co:
                var cs = Spec(co.Market);
                w.WriteString(N.Account, co.Account.Value);
                w.WriteString(N.Market, co.Market.Value);
                w.WriteString(N.Counterparty, co.Counterparty.Value);
                w.WriteString(N.Via, WireNames.Via[co.Via]);
                Decimal(w, N.Quantity, cs.ToDecimal(co.Quantity));
                Decimal(w, N.Price, cs.ToDecimal(co.Price));
                break;
            case Deleveraged dl:
                var ds = Spec(dl.Market);
                w.WriteString(N.Account, dl.Account.Value);
                w.WriteString(N.Counterparty, dl.Counterparty.Value);
                w.WriteString(N.Market, dl.Market.Value);
                Decimal(w, N.Quantity, ds.ToDecimal(dl.Quantity));
                Decimal(w, N.Price, ds.ToDecimal(dl.Price));
                w.WriteNumber(N.Rank, dl.Rank);
                break;
            case BadDebt bd:
                w.WriteString(N.Account, bd.Account.Value);
                Amount(w, N.Amount, bd.Amount);
                break;
            case ClawedBack cb:
                w.WriteString(N.Account, cb.Account.Value);
                w.WriteString(N.Bankrupt, cb.Bankrupt.Value);
                Amount(w, N.Amount, cb.Amount);
                Amount(w, N.Base, cb.Base);
                Decimal(w, N.Rate, decimal.Round(cb.Rate, 12, MidpointRounding.ToEven));
                w.WriteString(N.Stage, WireNames.NameOf(WireNames.Waterfall, cb.Stage));
                break;
            case DeficitChanged dc:
                Amount(w, N.Change, dc.Change);
                Amount(w, N.Total, dc.Total);
                w.WriteString(N.Account, dc.Account.Value);
                break;
            case Settled:
                break;
            case MemberContributed mc:
                w.WriteString(N.Account, mc.Account.Value);
                Amount(w, N.Amount, mc.Amount);
                Amount(w, N.DefaultFund, mc.DefaultFund);
                break;
            case SitgContributed sc:
                Amount(w, N.Amount, sc.Amount);
                Amount(w, N.Total, sc.Total);
                break;
            case Defaulted df:
                w.WriteString(N.Account, df.Account.Value);
                break;
            case DefaultFundUsed du:
                w.WriteString(N.Stage, WireNames.NameOf(WireNames.Waterfall, du.Stage));
                if (du.Contributor is { } contributor)
                    w.WriteString(N.Contributor, contributor.Value);
                w.WriteString(N.Bankrupt, du.Bankrupt.Value);
                Amount(w, N.Amount, du.Amount);
                break;
            case Rejected r:
                w.WriteString(N.Code, WireNames.RejectCodes[r.Code]);
                w.WriteString(N.Reason, r.Reason);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, null);
        }

        w.WriteEndObject();
    }

    // Numbers are formatted into stack bytes: the same text as Money.ToString / FixedPoint.Normalize, without the strings.
    private static void Amount(Utf8JsonWriter w, JsonEncodedText name, Money m)
    {
        Span<byte> text = stackalloc byte[Utf8Numbers.MaxScaledLength];
        w.WriteString(name, text[..Utf8Numbers.FormatScaled(m.Micros, Money.Decimals, text)]);
    }

    private static void RateValue(Utf8JsonWriter w, JsonEncodedText name, Rate r)
    {
        Span<byte> text = stackalloc byte[Utf8Numbers.MaxScaledLength];
        w.WriteString(name, text[..Utf8Numbers.FormatScaled(r.Ppb, Rate.Decimals, text)]);
    }

    private static void Decimal(Utf8JsonWriter w, JsonEncodedText name, decimal d)
    {
        Span<byte> text = stackalloc byte[Utf8Numbers.MaxDecimalLength];
        w.WriteString(name, text[..Utf8Numbers.FormatNormalized(d, text)]);
    }

    /// <summary>Property names, encoded once.</summary>
    private static class N
    {
        public static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
        public static readonly JsonEncodedText Cmd = JsonEncodedText.Encode("cmd");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
        public static readonly JsonEncodedText Account = JsonEncodedText.Encode("account");
        public static readonly JsonEncodedText Amount = JsonEncodedText.Encode("amount");
        public static readonly JsonEncodedText Haircut = JsonEncodedText.Encode("haircut");
        public static readonly JsonEncodedText Market = JsonEncodedText.Encode("market");
        public static readonly JsonEncodedText Buyer = JsonEncodedText.Encode("buyer");
        public static readonly JsonEncodedText Seller = JsonEncodedText.Encode("seller");
        public static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
        public static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
        public static readonly JsonEncodedText Rate = JsonEncodedText.Encode("rate");
        public static readonly JsonEncodedText Enabled = JsonEncodedText.Encode("enabled");
        public static readonly JsonEncodedText Change = JsonEncodedText.Encode("change");
        public static readonly JsonEncodedText Balance = JsonEncodedText.Encode("balance");
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
        public static readonly JsonEncodedText BankruptcyPrice = JsonEncodedText.Encode("bankruptcyPrice");
        public static readonly JsonEncodedText Fee = JsonEncodedText.Encode("fee");
        public static readonly JsonEncodedText Equity = JsonEncodedText.Encode("equity");
        public static readonly JsonEncodedText MaintenanceMargin = JsonEncodedText.Encode("maintenanceMargin");
        public static readonly JsonEncodedText Counterparty = JsonEncodedText.Encode("counterparty");
        public static readonly JsonEncodedText Via = JsonEncodedText.Encode("via");
        public static readonly JsonEncodedText Rank = JsonEncodedText.Encode("rank");
        public static readonly JsonEncodedText Bankrupt = JsonEncodedText.Encode("bankrupt");
        public static readonly JsonEncodedText Base = JsonEncodedText.Encode("base");
        public static readonly JsonEncodedText Stage = JsonEncodedText.Encode("stage");
        public static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
        public static readonly JsonEncodedText DefaultFund = JsonEncodedText.Encode("defaultFund");
        public static readonly JsonEncodedText Contributor = JsonEncodedText.Encode("contributor");
        public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    }
}
