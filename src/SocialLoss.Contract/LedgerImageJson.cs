using System.Buffers;
using System.Text.Json;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// The bytes of a <see cref="LedgerImage"/> in a snapshot: compact JSON, fields always in the same order, money,
/// prices and sizes as raw integers (micro-units, ticks, lots) so nothing is rounded, and the policy and market
/// specifications with the field names of the <c>config</c> and <c>market</c> commands (read back by
/// <see cref="ConfigJson.Read"/> and <see cref="MarketJson.Read"/>, so they are checked as a command would be). The same image always gives the same
/// bytes. Zero amounts, false flags and empty position lists are left out, which keeps images of large,
/// mostly idle populations small.
/// </summary>
public static class LedgerImageJson
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "socialloss-ledger-image";

    /// <summary>The version written; <see cref="Read"/> refuses any other.</summary>
    public const int Version = 1;

    private static readonly string[] RootFields =
        ["format", "version", "lastSeq", "hasActivity", "config", "markets", "accounts", "backstops", "fundHistory", "deficit", "sitg", "netDeposits"];

    private static readonly string[] MarketFields = ["spec", "markTicks", "bids", "asks", "previousMarkTicks", "fundingIndex", "fundingRemainder"];

    /// <summary>The image's bytes.</summary>
    public static byte[] Write(LedgerImage image)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteNumber("lastSeq", image.LastSeq);
            w.WriteBoolean("hasActivity", image.HasActivity);
            w.WriteStartObject("config");
            ConfigJson.Write(w, image.Config);
            w.WriteEndObject();
            w.WriteStartArray("markets");
            foreach (var m in image.Markets)
            {
                w.WriteStartObject();
                w.WriteStartObject("spec");
                MarketJson.WriteSpec(w, m.Spec);
                w.WriteEndObject();
                if (m.Mark is { } mark)
                    w.WriteNumber("markTicks", mark.Ticks);
                if (m.PreviousMark is { } previous)
                    w.WriteNumber("previousMarkTicks", previous.Ticks);
                // funding: "index" only (written when not zero, so other images stay as they were): 10⁻⁹ micro-units
                if (m.FundingIndex != 0)
                    w.WriteString("fundingIndex", m.FundingIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (m.FundingRemainder != 0)
                    w.WriteString("fundingRemainder", m.FundingRemainder.ToString(System.Globalization.CultureInfo.InvariantCulture));
                WriteLevels(w, "bids", m.Bids);
                WriteLevels(w, "asks", m.Asks);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("accounts");
            foreach (var a in image.Accounts)
            {
                w.WriteStartObject();
                w.WriteString("id", a.Id.Value);
                WriteMoney(w, "balance", a.Balance);
                WriteMoney(w, "principal", a.Principal);
                WriteMoney(w, "profitAtSettle", a.ProfitAtSettle);
                WriteMoney(w, "defaultFund", a.DefaultFund);
                WriteMoney(w, "contributed", a.Contributed);
                WriteMoney(w, "assessed", a.Assessed);
                WriteMoney(w, "equityAtDefault", a.EquityAtDefault);
                if (a.IsDefaulted)
                    w.WriteBoolean("defaulted", true);
                if (a.IsBackstop)
                    w.WriteBoolean("backstop", true);
                if (a.Positions.Count > 0)
                {
                    w.WriteStartArray("positions");
                    foreach (var p in a.Positions)
                    {
                        w.WriteStartArray();
                        w.WriteStringValue(p.Market.Value);
                        w.WriteNumberValue(p.Quantity.Lots);
                        w.WriteNumberValue(p.Cost.Micros);
                        if (p.FundingSnapshot != 0) // the index at its last funding settlement (funding: "index")
                            w.WriteStringValue(p.FundingSnapshot.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        w.WriteEndArray();
                    }

                    w.WriteEndArray();
                }

                if (a.PartialLiquidations.Count > 0)
                {
                    w.WriteStartArray("partialLiquidations"); // [market, unix microseconds]: a running cooldown survives a restore
                    foreach (var (market, at) in a.PartialLiquidations)
                    {
                        w.WriteStartArray();
                        w.WriteStringValue(market.Value);
                        w.WriteNumberValue(at.UnixMicroseconds);
                        w.WriteEndArray();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("backstops");
            foreach (var b in image.Backstops)
                w.WriteStringValue(b.Value);
            w.WriteEndArray();
            w.WriteStartArray("fundHistory");
            foreach (var f in image.FundHistory)
                w.WriteNumberValue(f);
            w.WriteEndArray();
            w.WriteNumber("deficit", image.Deficit.Micros);
            w.WriteNumber("sitg", image.Sitg.Micros);
            w.WriteNumber("netDeposits", image.NetDeposits.Micros);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads an image written by <see cref="Write"/>. Throws <see cref="FormatException"/> naming what is wrong when
    /// the bytes are not such an image (another format or version, an unknown or missing field, a value of the wrong kind).
    /// </summary>
    public static LedgerImage Read(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 16 });
            using var doc = JsonDocument.ParseValue(ref reader);
            return FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"ledger image: invalid JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is CommandFormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            throw new FormatException($"ledger image: {e.Message}", e);
        }
    }

    private static LedgerImage FromJson(JsonElement root)
    {
        Known(root, RootFields, "image");
        if (Str(root, "format") != Format)
            throw new FormatException($"ledger image: format is not \"{Format}\"");
        if (root.GetProperty("version").GetInt32() != Version)
            throw new FormatException($"ledger image: version {root.GetProperty("version").GetInt32()} is not {Version}");
        var config = ConfigJson.Read(new JsonObjectReader(root.GetProperty("config"), CommandSchema.Config.Shape, "config.")).Config;
        var markets = new List<MarketImage>();
        foreach (var m in root.GetProperty("markets").EnumerateArray())
        {
            Known(m, MarketFields, "market");
            var c = MarketJson.Read(new JsonObjectReader(m.GetProperty("spec"), CommandSchema.Market.Shape, "spec."));
            var spec = MarketSpec.Create(c.Market, c.TickSize, c.LotSize, c.InitialMargin, c.MaintenanceMargin, c.LiquidationFee, c.Tiers, c.PriceBand ?? Rate.Zero, out var error)
                ?? throw new FormatException($"ledger image: market {c.Market}: {error}");
            Price? mark = m.TryGetProperty("markTicks", out var mt) ? new Price(mt.GetInt64()) : null;
            Price? previousMark = m.TryGetProperty("previousMarkTicks", out var pt) ? new Price(pt.GetInt64()) : null;
            markets.Add(new MarketImage(spec, mark, Levels(m, "bids"), Levels(m, "asks"), previousMark,
                m.TryGetProperty("fundingIndex", out var fi) ? Int128.Parse(fi.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0,
                m.TryGetProperty("fundingRemainder", out var fr) ? Int128.Parse(fr.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0));
        }

        var accounts = new List<AccountImage>();
        foreach (var a in root.GetProperty("accounts").EnumerateArray())
            accounts.Add(ReadAccount(a));

        return new LedgerImage(
            config,
            markets,
            accounts,
            [.. root.GetProperty("backstops").EnumerateArray().Select(b => new AccountId(b.GetString()!))],
            [.. root.GetProperty("fundHistory").EnumerateArray().Select(f => f.GetInt64())],
            new Money(root.GetProperty("deficit").GetInt64()),
            new Money(root.GetProperty("sitg").GetInt64()),
            new Money(root.GetProperty("netDeposits").GetInt64()),
            root.GetProperty("hasActivity").GetBoolean(),
            root.GetProperty("lastSeq").GetInt64());
    }

    /// <summary>One pass over the account's fields (an image can hold a great many accounts).</summary>
    private static AccountImage ReadAccount(JsonElement a)
    {
        if (a.ValueKind != JsonValueKind.Object)
            throw new FormatException("ledger image: account is not an object");
        string? id = null;
        long balance = 0, principal = 0, profitAtSettle = 0, defaultFund = 0, contributed = 0, assessed = 0, equityAtDefault = 0;
        bool defaulted = false, backstop = false;
        var positions = new List<PositionImage>();
        var partial = new List<(MarketId, Timestamp)>();
        foreach (var f in a.EnumerateObject())
        {
            switch (f.Name)
            {
                case "id": id = f.Value.GetString(); break;
                case "balance": balance = f.Value.GetInt64(); break;
                case "principal": principal = f.Value.GetInt64(); break;
                case "profitAtSettle": profitAtSettle = f.Value.GetInt64(); break;
                case "defaultFund": defaultFund = f.Value.GetInt64(); break;
                case "contributed": contributed = f.Value.GetInt64(); break;
                case "assessed": assessed = f.Value.GetInt64(); break;
                case "equityAtDefault": equityAtDefault = f.Value.GetInt64(); break;
                case "defaulted": defaulted = f.Value.GetBoolean(); break;
                case "backstop": backstop = f.Value.GetBoolean(); break;
                case "positions":
                    foreach (var p in f.Value.EnumerateArray())
                    {
                        if (p.GetArrayLength() is not (3 or 4))
                            throw new FormatException("ledger image: a position is [market, lots, cost] or [market, lots, cost, fundingSnapshot]");
                        positions.Add(new PositionImage(new MarketId(p[0].GetString()!), new Quantity(p[1].GetInt64()), new Money(p[2].GetInt64()),
                            p.GetArrayLength() == 4 ? Int128.Parse(p[3].GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0));
                    }

                    break;
                case "partialLiquidations":
                    foreach (var p in f.Value.EnumerateArray())
                    {
                        if (p.GetArrayLength() != 2)
                            throw new FormatException("ledger image: a partial liquidation is [market, unix microseconds]");
                        partial.Add((new MarketId(p[0].GetString()!), new Timestamp(p[1].GetInt64())));
                    }

                    break;
                default:
                    throw new FormatException($"ledger image: unknown field \"{f.Name}\" in account");
            }
        }

        return new AccountImage(new AccountId(id ?? throw new FormatException("ledger image: an account has no \"id\"")), new Money(balance), new Money(principal),
            new Money(profitAtSettle), new Money(defaultFund), new Money(contributed), new Money(assessed), new Money(equityAtDefault), defaulted, backstop, positions)
        {
            PartialLiquidations = partial,
        };
    }

    private static void WriteMoney(Utf8JsonWriter w, string name, Money m)
    {
        if (m.Micros != 0)
            w.WriteNumber(name, m.Micros);
    }

    private static void WriteLevels(Utf8JsonWriter w, string name, IReadOnlyList<BookLevel> levels)
    {
        w.WriteStartArray(name);
        foreach (var l in levels)
        {
            w.WriteStartArray();
            w.WriteNumberValue(l.Price.Ticks);
            w.WriteNumberValue(l.Quantity.Lots);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static BookLevel[] Levels(JsonElement o, string name) =>
        [.. o.GetProperty(name).EnumerateArray().Select(l => l.GetArrayLength() == 2
            ? new BookLevel(new Price(l[0].GetInt64()), new Quantity(l[1].GetInt64()))
            : throw new FormatException($"ledger image: a book level is [ticks, lots]"))];

    private static void Known(JsonElement o, string[] fields, string what)
    {
        if (o.ValueKind != JsonValueKind.Object)
            throw new FormatException($"ledger image: {what} is not an object");
        foreach (var p in o.EnumerateObject())
            if (Array.IndexOf(fields, p.Name) < 0)
                throw new FormatException($"ledger image: unknown field \"{p.Name}\" in {what}");
    }

    private static string Str(JsonElement o, string name) =>
        o.GetProperty(name).GetString() ?? throw new FormatException($"ledger image: field \"{name}\" is null");

}
