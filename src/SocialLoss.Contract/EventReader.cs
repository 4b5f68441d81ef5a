using System.Text.Json;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Reads an event stream written by <see cref="EventWriter"/> back into engine events and applies each to a
/// fresh <see cref="Ledger"/>: the events alone rebuild the state, so the rebuilt state hash must equal the
/// one the replay reported. Prices and quantities are read with the tick and lot sizes of the markets listed
/// earlier in the same stream.
/// </summary>
public sealed class EventReader
{
    /// <summary>The state the events rebuild.</summary>
    public Ledger Ledger { get; } = new();

    /// <summary>Number of events applied.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Checked with each event before it is applied, against the state rebuilt so far (<see cref="EventAudit"/>):
    /// a description of what does not match, or null.
    /// </summary>
    public Func<EngineEvent, string?>? Audit { get; init; }

    /// <summary>Parses one event line and applies it; throws <see cref="CommandFormatException"/> on a line that is not an event.</summary>
    public EngineEvent Apply(string line)
    {
        EngineEvent e;
        try
        {
            using var doc = JsonDocument.Parse(line);
            e = Parse(doc.RootElement, line);
        }
        catch (JsonException ex)
        {
            throw new CommandFormatException($"invalid JSON: {ex.Message}");
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CommandFormatException(ex.Message);
        }

        if (e.Seq != Ledger.LastSeq + 1)
            throw new CommandFormatException($"seq {e.Seq} does not follow {Ledger.LastSeq}");
        if (Audit?.Invoke(e) is { } mismatch)
            throw new CommandFormatException($"{EventWriter.TypeName(e)} event {e.Seq} does not match the state rebuilt so far: {mismatch}");
        try
        {
            Ledger.Apply(e);
        }
        catch (InvalidOperationException ex)
        {
            throw new CommandFormatException($"event {e.Seq} does not fit the state: {ex.Message}");
        }

        Count++;
        return e;
    }

    private EngineEvent Parse(JsonElement o, string line)
    {
        JsonObjectReader.CheckDuplicates(o, "");
        string type = S(o, "type");
        EngineEvent e = type switch
        {
            "configured" => new Configured(ConfigJson.Read(new JsonObjectReader(o, CommandSchema.Config.Shape, ignored: CommandSchema.EventEnvelope)).Config),
            "marketListed" => new MarketListed(MarketJson.ReadSpec(new JsonObjectReader(o, CommandSchema.Market.Shape, ignored: CommandSchema.EventEnvelope))),
            "deposited" => new Deposited(A(o, "account"), M(o, "amount")),
            "withdrawn" => new Withdrawn(A(o, "account"), M(o, "amount"), M(o, "haircut")),
            "traded" => new Traded(Mk(o), A(o, "buyer"), A(o, "seller"), P(o, "price"), Q(o, "quantity")),
            "marked" => new Marked(Mk(o), P(o, "price")),
            "funded" => new Funded(A(o, "account"), Mk(o), M(o, "amount"), Rate.Parse(S(o, "rate"))),
            "fundingIndex" => new FundingIndexed(Mk(o), Rate.Parse(S(o, "rate")), FundingIndexJson.Parse(S(o, "perLot")), FundingIndexJson.Parse(S(o, "index"))),
            "bookUpdated" => new BookUpdated(Mk(o), Levels(o, "bids"), Levels(o, "asks")),
            "backstopSet" => new BackstopSet(A(o, "account"), o.GetProperty("enabled").GetBoolean()),
            "insuranceFund" => new InsuranceFundChanged(M(o, "change"), M(o, "balance"),
                WireNames.FundReasons.Single(kv => kv.Value == S(o, "reason")).Key,
                o.TryGetProperty("account", out var acc) ? new AccountId(acc.GetString()!) : null),
            "liquidated" => new Liquidated(A(o, "account"), Mk(o), Q(o, "quantity"), P(o, "price"), P(o, "bankruptcyPrice"),
                M(o, "fee"), M(o, "equity"), M(o, "maintenanceMargin")),
            "closedOut" => new ClosedOut(A(o, "account"), Mk(o), A(o, "counterparty"),
                WireNames.Via.Single(kv => kv.Value == S(o, "via")).Key, Q(o, "quantity"), P(o, "price")),
            "deleveraged" => new Deleveraged(A(o, "account"), A(o, "counterparty"), Mk(o), Q(o, "quantity"), P(o, "price"), o.GetProperty("rank").GetInt32()),
            "badDebt" => new BadDebt(A(o, "account"), M(o, "amount")),
            "clawback" => new ClawedBack(A(o, "account"), A(o, "bankrupt"), M(o, "amount"), M(o, "base"), decimal.Parse(S(o, "rate"), System.Globalization.CultureInfo.InvariantCulture))
            {
                Stage = WireNames.Waterfall[S(o, "stage")],
            },
            "deficit" => new DeficitChanged(M(o, "change"), M(o, "total"), A(o, "account")),
            "settled" => new Settled(),
            "memberContributed" => new MemberContributed(A(o, "account"), M(o, "amount"), M(o, "defaultFund")),
            "sitg" => new SitgContributed(M(o, "amount"), M(o, "total")),
            "defaulted" => new Defaulted(A(o, "account")),
            "defaultFund" => new DefaultFundUsed(WireNames.Waterfall[S(o, "stage")],
                o.TryGetProperty("contributor", out var c) ? new AccountId(c.GetString()!) : null, A(o, "bankrupt"), M(o, "amount")),
            "rejected" => new Rejected(WireNames.RejectCodes.Single(kv => kv.Value == S(o, "code")).Key, S(o, "reason")),
            _ => throw new CommandFormatException($"unknown event type \"{type}\""),
        };
        Timestamp? time = null;
        if (o.TryGetProperty("time", out var t))
            time = t.ValueKind == JsonValueKind.String && Timestamp.TryParse(t.GetString(), out var parsed)
                ? parsed
                : throw new FormatException($"field \"time\": expected {Timestamp.Expected}, got {t.GetRawText()}");
        return e with { Seq = o.GetProperty("seq").GetInt64(), Cmd = o.GetProperty("cmd").GetInt32(), Time = time };
    }

    private MarketSpec Spec(JsonElement o) => Ledger.Markets[S(o, "market")].Spec;

    private static string S(JsonElement o, string name) => o.GetProperty(name).GetString() ?? throw new FormatException($"field \"{name}\" is null");

    private static AccountId A(JsonElement o, string name) => new(S(o, name));

    private static MarketId Mk(JsonElement o) => new(S(o, "market"));

    private static Money M(JsonElement o, string name) => Money.Parse(S(o, name));

    // Any price the engine computed (a bankruptcy price far above the commands' range, for a tiny short on a huge
    // balance) is read back: only the tick grid and 64 bits bound it, not the range a command's price must keep.
    private Price P(JsonElement o, string name)
    {
        var spec = Spec(o);
        var text = S(o, name);
        var ticks = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture) / spec.TickSize;
        if (ticks != decimal.Truncate(ticks) || ticks < 0 || ticks > long.MaxValue)
            throw new FormatException($"field \"{name}\": {text} is not a price of {spec.Id} (a whole number of ticks of {FixedPoint.Normalize(spec.TickSize)})");
        return new Price((long)ticks);
    }

    private Quantity Q(JsonElement o, string name) =>
        Spec(o).TryQuantity(decimal.Parse(S(o, name), System.Globalization.CultureInfo.InvariantCulture), out var q, out var error) ? q : throw new FormatException(error);

    private BookLevel[] Levels(JsonElement o, string name)
    {
        var spec = Spec(o);
        return o.GetProperty(name).EnumerateArray().Select(l =>
        {
            spec.TryPrice(decimal.Parse(l[0].GetString()!, System.Globalization.CultureInfo.InvariantCulture), out var p, out _);
            spec.TryQuantity(decimal.Parse(l[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture), out var q, out _);
            return new BookLevel(p, q);
        }).ToArray();
    }
}
