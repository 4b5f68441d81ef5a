using System.Buffers;
using System.Text;
using System.Text.Json;
using SocialLoss.Core.Accounts;
using SocialLoss.Core.Adl;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Server;

/// <summary>JSON answers of the query routes, written from the ledger (numbers as decimal strings, as in contract v1).</summary>
public static class Views
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Options))
            write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One account with its positions (liquidation and bankruptcy prices, ADL rank and indicator), or null when unknown.</summary>
    public static string? Account(Ledger ledger, string id)
    {
        if (ledger.Account(new AccountId(id)) is not { } a)
            return null;
        return Json(w =>
        {
            var upnl = Risk.UnrealizedPnl(ledger, a);
            w.WriteStartObject();
            w.WriteString("account", id);
            w.WriteString("balance", a.Balance.ToString());
            w.WriteString("equity", (a.Balance + upnl).ToString());
            w.WriteString("unrealizedPnl", upnl.ToString());
            w.WriteString("initialMargin", Risk.InitialMargin(ledger, a).ToString());
            w.WriteString("maintenanceMargin", Risk.MaintenanceMargin(ledger, a).ToString());
            w.WriteString("principal", a.Principal.ToString());
            w.WriteBoolean("backstop", a.IsBackstop);
            w.WriteStartArray("positions");
            foreach (var (market, p) in a.OpenPositions)
            {
                var ms = ledger.Markets[market];
                var spec = ms.Spec;
                w.WriteStartObject();
                w.WriteString("market", market);
                w.WriteString("quantity", spec.Format(p.Quantity));
                w.WriteString("cost", p.Cost.ToString());
                if (ms.Mark is { } mark)
                    w.WriteString("unrealizedPnl", p.UnrealizedPnl(spec, mark).ToString());
                if (!a.IsBuiltIn && ms.Mark is not null)
                {
                    var lp = Risk.LiquidationPrice(ledger, a, ms.Id);
                    w.WriteString("liquidationPrice", lp is { } l ? spec.Format(l) : null);
                    w.WriteString("bankruptcyPrice", spec.Format(Risk.BankruptcyPrice(ledger, a, ms.Id)));
                    var queue = AdlQueue.Build(ledger, ms.Id, p.Quantity.Sign, ledger.Config.AdlRanking);
                    var lights = AdlQueue.Indicators(queue);
                    int rank = queue.FindIndex(c => c.Account.Id.Value == id);
                    if (rank >= 0)
                    {
                        w.WriteNumber("adlRank", rank + 1);
                        w.WriteNumber("adlQueueLength", queue.Count);
                        w.WriteNumber("adlIndicator", lights[rank]);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Account names (operators only).</summary>
    public static string AccountList(Ledger ledger) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var (name, a) in ledger.Accounts)
        {
            w.WriteStartObject();
            w.WriteString("account", name);
            w.WriteString("balance", a.Balance.ToString());
            w.WriteBoolean("hasPositions", a.HasPositions);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>Every market: mark, open interest, specification, book.</summary>
    public static string Markets(Ledger ledger) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var (name, m) in ledger.Markets)
        {
            long oi = 0, longs = 0, shorts = 0;
            foreach (var a in ledger.Accounts.Values)
            {
                var q = a.QuantityIn(m.Id).Lots;
                oi += Math.Max(0, q);
                if (!a.IsBuiltIn && q > 0)
                    longs++;
                if (!a.IsBuiltIn && q < 0)
                    shorts++;
            }

            w.WriteStartObject();
            w.WriteString("market", name);
            w.WriteString("mark", m.Mark is { } mk ? m.Spec.Format(mk) : null);
            w.WriteString("openInterest", m.Spec.Format(new Quantity(oi)));
            w.WriteNumber("longs", longs);
            w.WriteNumber("shorts", shorts);
            w.WritePropertyName("spec");
            w.WriteStartObject();
            SocialLoss.Contract.MarketJson.WriteSpec(w, m.Spec);
            w.WriteEndObject();
            SocialLoss.Contract.MarketJson.WriteLevels(w, "bids", m.Bids, m.Spec);
            SocialLoss.Contract.MarketJson.WriteLevels(w, "asks", m.Asks, m.Spec);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>The ADL queues of a market (longs and shorts, first in line first) with indicator lights 0–4, or null for an unknown market.</summary>
    public static string? AdlQueues(Ledger ledger, string market)
    {
        if (ledger.Market(new MarketId(market)) is not { } m)
            return null;
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("market", market);
            w.WriteString("ranking", SocialLoss.Contract.WireNames.NameOf(SocialLoss.Contract.WireNames.Ranking, ledger.Config.AdlRanking));
            foreach (var (side, label) in new[] { (1, "longs"), (-1, "shorts") })
            {
                w.WriteStartArray(label);
                if (m.Mark is not null)
                {
                    var queue = AdlQueue.Build(ledger, m.Id, side, ledger.Config.AdlRanking);
                    var lights = AdlQueue.Indicators(queue);
                    for (int i = 0; i < queue.Count; i++)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("rank", i + 1);
                        w.WriteString("account", queue[i].Account.Id.Value);
                        w.WriteString("quantity", m.Spec.Format(queue[i].Quantity));
                        w.WriteString("score", queue[i].Score.ToString());
                        w.WriteNumber("indicator", lights[i]);
                        w.WriteEndObject();
                    }
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    /// <summary>Insurance fund, deficit, skin in the game, net deposits.</summary>
    public static string Insurance(Ledger ledger) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("insuranceFund", ledger.Insurance.Balance.ToString());
        w.WriteString("deficit", ledger.Deficit.ToString());
        w.WriteString("sitg", ledger.Sitg.ToString());
        w.WriteString("netDeposits", ledger.NetDeposits.ToString());
        w.WriteEndObject();
    });

    /// <summary>A list of events as a JSON array of contract-v1 events.</summary>
    public static string Events(IReadOnlyList<StoredEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>(events.Count * 160 + 2);
        WriteEvents(events, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The answer to a submitted request.</summary>
    public static string Submitted(SubmitResult r)
    {
        var buffer = new ArrayBufferWriter<byte>(r.Events.Count * 160 + 64);
        WriteSubmitted(r, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The answer to a submitted request as UTF-8 into <paramref name="output"/>: the bytes of <see cref="Submitted"/>, the
    /// events' stored bytes copied as they are (the hot path answers every command with its events).
    /// </summary>
    public static void WriteSubmitted(SubmitResult r, IBufferWriter<byte> output)
    {
        Ascii(output, "{\"first\":");
        Number(output, r.First);
        Ascii(output, ",\"last\":");
        Number(output, r.Last);
        Ascii(output, r.Replayed ? ",\"replayed\":true,\"events\":" : ",\"replayed\":false,\"events\":");
        WriteEvents(r.Events, output);
        Ascii(output, "}");
    }

    private static void WriteEvents(IReadOnlyList<StoredEvent> events, IBufferWriter<byte> output)
    {
        Ascii(output, "[");
        for (int i = 0; i < events.Count; i++)
        {
            var json = events[i].Utf8;
            var span = output.GetSpan(json.Length + 1);
            int n = 0;
            if (i > 0)
                span[n++] = (byte)',';
            json.CopyTo(span[n..]);
            output.Advance(n + json.Length);
        }

        Ascii(output, "]");
    }

    private static void Ascii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        int n = Encoding.ASCII.GetBytes(text, span);
        output.Advance(n);
    }

    private static void Number(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        output.Advance(n);
    }

    /// <summary>The dashboard time series.</summary>
    public static string History(IReadOnlyList<HistorySample> samples) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var s in samples)
        {
            w.WriteStartObject();
            w.WriteNumber("position", s.Position);
            w.WriteString("time", s.Time);
            w.WriteString("insuranceFund", s.InsuranceFund);
            w.WriteString("deficit", s.Deficit);
            w.WriteStartObject("markets");
            foreach (var (name, p) in s.Markets)
            {
                w.WriteStartObject(name);
                w.WriteString("mark", p.Mark);
                w.WriteString("openInterest", p.OpenInterest);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });
}
