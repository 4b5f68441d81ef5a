using System.Buffers;
using System.Text;
using SocialLoss.Contract;
using SocialLoss.Core.Accounts;
using SocialLoss.Core.Adl;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Server;

/// <summary>The answers of the query routes, read from the ledger (numbers as decimal strings, as in contract v1).</summary>
public static class Views
{
    /// <summary>One account with its positions (liquidation and bankruptcy prices, ADL rank and indicator), or null when unknown.</summary>
    public static AccountView? Account(Ledger ledger, string id)
    {
        if (ledger.Account(new AccountId(id)) is not { } a)
            return null;
        var upnl = Risk.UnrealizedPnl(ledger, a);
        var positions = new List<PositionView>();
        foreach (var (market, p) in a.OpenPositions)
        {
            var ms = ledger.Markets[market];
            var spec = ms.Spec;
            string? liquidation = null, bankruptcy = null;
            int? rank = null, length = null, indicator = null;
            if (!a.IsBuiltIn && ms.Mark is not null)
            {
                liquidation = Risk.LiquidationPrice(ledger, a, ms.Id) is { } l ? spec.Format(l) : null;
                bankruptcy = spec.Format(Risk.BankruptcyPrice(ledger, a, ms.Id));
                var queue = AdlQueue.Build(ledger, ms.Id, p.Quantity.Sign, ledger.Config.AdlRanking);
                int at = queue.FindIndex(c => c.Account.Id.Value == id);
                if (at >= 0)
                    (rank, length, indicator) = (at + 1, queue.Count, AdlQueue.Indicators(queue)[at]);
            }

            positions.Add(new PositionView(market, spec.Format(p.Quantity), p.Cost.ToString(),
                ms.Mark is { } mark ? p.UnrealizedPnl(spec, mark).ToString() : null, liquidation, bankruptcy, rank, length, indicator));
        }

        return new AccountView(id, a.Balance.ToString(), (a.Balance + upnl).ToString(), upnl.ToString(), Risk.InitialMargin(ledger, a).ToString(),
            Risk.MaintenanceMargin(ledger, a).ToString(), a.Principal.ToString(), a.IsBackstop, positions);
    }

    /// <summary>Every account's balance (operators only).</summary>
    public static IReadOnlyList<AccountSummary> AccountList(Ledger ledger) =>
        [.. ledger.Accounts.Select(kv => new AccountSummary(kv.Key, kv.Value.Balance.ToString(), kv.Value.HasPositions))];

    /// <summary>Every market: mark, open interest, holders, specification, book.</summary>
    public static IReadOnlyList<MarketView> Markets(Ledger ledger)
    {
        var result = new List<MarketView>();
        foreach (var (name, m) in ledger.Markets)
        {
            long longs = 0, shorts = 0;
            foreach (var a in ledger.Accounts.Values)
            {
                var q = a.QuantityIn(m.Id).Lots;
                if (!a.IsBuiltIn && q > 0)
                    longs++;
                if (!a.IsBuiltIn && q < 0)
                    shorts++;
            }

            result.Add(new MarketView(name, m.Mark is { } mk ? m.Spec.Format(mk) : null, m.Spec.Format(m.OpenInterest), longs, shorts, Spec(m.Spec),
                Levels(m.Bids, m.Spec), Levels(m.Asks, m.Spec)));
        }

        return result;
    }

    private static MarketSpecView Spec(MarketSpec s) => new(s.Id.Value, FixedPoint.Normalize(s.TickSize), FixedPoint.Normalize(s.LotSize),
        s.InitialMargin.ToString(), s.MaintenanceMargin.ToString(), s.LiquidationFee.ToString(),
        [.. s.Schedule.Tiers.Select(t => new MarginTierView(t.MaxNotional.ToString(), t.InitialMargin.ToString(), t.MaintenanceMargin.ToString()))]);

    private static IReadOnlyList<IReadOnlyList<string>> Levels(IEnumerable<BookLevel> levels, MarketSpec spec) =>
        [.. levels.Select(l => (IReadOnlyList<string>)[spec.Format(l.Price), spec.Format(l.Quantity)])];

    /// <summary>The ADL queues of a market (longs and shorts, first in line first) with indicator lights 0–4, or null for an unknown market.</summary>
    public static AdlQueueView? AdlQueues(Ledger ledger, string market)
    {
        if (ledger.Market(new MarketId(market)) is not { } m)
            return null;
        List<AdlQueueEntry> Side(int side)
        {
            if (m.Mark is null)
                return [];
            var queue = AdlQueue.Build(ledger, m.Id, side, ledger.Config.AdlRanking);
            var lights = AdlQueue.Indicators(queue);
            return [.. queue.Select((c, i) => new AdlQueueEntry(i + 1, c.Account.Id.Value, m.Spec.Format(c.Quantity), c.Score.ToString(), lights[i]))];
        }

        return new AdlQueueView(market, WireNames.NameOf(WireNames.Ranking, ledger.Config.AdlRanking), Side(1), Side(-1));
    }

    /// <summary>The loss policy the engine runs, with its catalog names.</summary>
    public static PolicyView Policy(Ledger ledger)
    {
        var named = PolicyCatalog.Matching(ledger.Config);
        var first = named.Count > 0 ? named[0] : null;
        return new PolicyView([.. named.Select(p => p.Name)], first?.Description, first?.Fair ?? false, PolicyCatalog.Summary(ledger.Config), ConfigJson.ToJson(ledger.Config));
    }

    /// <summary>Insurance fund, deficit, skin in the game, net deposits.</summary>
    public static InsuranceView Insurance(Ledger ledger) =>
        new(ledger.Insurance.Balance.ToString(), ledger.Deficit.ToString(), ledger.Sitg.ToString(), ledger.NetDeposits.ToString());

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
}
