using System.Text.Json;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Reads one JSONL command line of contract v1. A line that is not a valid command (bad JSON, unknown
/// type or field, missing field, a value of the wrong form) is a <see cref="CommandFormatException"/>
/// whose message names the field and what was expected; rule checks (amounts, margins) belong to the engine.
/// </summary>
public static class CommandParser
{
    /// <summary>The command types of contract v1.</summary>
    public static readonly IReadOnlyList<string> Types = ["config", "market", "deposit", "withdraw", "trade", "mark", "funding", "book", "insurance", "backstop", "settle", "member", "sitg", "default"];

    /// <summary>True for lines the reader skips: blank, or starting with <c>//</c>.</summary>
    public static bool IsSkippable(string line)
    {
        var t = line.AsSpan().Trim();
        return t.IsEmpty || t.StartsWith("//");
    }

    /// <summary>Parses one line into a command, or throws <see cref="CommandFormatException"/>.</summary>
    public static Command Parse(string line)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new CommandFormatException($"invalid JSON: {TrimJsonMessage(e.Message)}");
        }

        using (doc)
        {
            try
            {
                return ParseObject(doc.RootElement);
            }
            catch (InvalidOperationException)
            {
                // JsonDocument accepts an escaped lone surrogate ("\ude00") but cannot turn it into a string
                throw new CommandFormatException("invalid JSON: a string holds an escaped lone UTF-16 surrogate (\\uD800-\\uDFFF without its pair)");
            }
        }
    }

    private static Command ParseObject(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new CommandFormatException($"expected a JSON object, got {Kind(root)}");
        if (!root.TryGetProperty("type", out var typeEl))
            throw new CommandFormatException("missing field \"type\" (expected one of: " + string.Join(", ", Types) + ")", "type");
        if (typeEl.ValueKind != JsonValueKind.String)
            throw CommandFormatException.AtField("type", $"expected a string, got {Kind(typeEl)}");
        var type = typeEl.GetString()!;
        if (!KnownFields.TryGetValue(type, out var known))
            throw CommandFormatException.AtField("type", $"unknown command type \"{type}\" (expected one of: {string.Join(", ", Types)})");
        var o = new Fields(root, type, "", known);
        Command c = type switch
        {
            "config" => ParseConfig(o),
            "market" => ParseMarket(o),
            "deposit" => new DepositCommand(o.Account("account"), o.Money("amount")),
            "withdraw" => new WithdrawCommand(o.Account("account"), o.Money("amount")),
            "trade" => new TradeCommand(o.Market("market"), o.Account("buyer"), o.Account("seller"), o.Decimal("price"), o.Decimal("quantity")),
            "mark" => new MarkCommand(o.Market("market"), o.Decimal("price")),
            "funding" => new FundingCommand(o.Market("market"), o.Rate("rate")),
            "book" => new BookCommand(o.Market("market"), o.Levels("bids"), o.Levels("asks")),
            "insurance" => new InsuranceCommand(o.Money("amount")),
            "backstop" => new BackstopCommand(o.Account("account"), o.OptionalBool("enabled") ?? true),
            "settle" => new SettleCommand(),
            "member" => new MemberCommand(o.Account("account"), o.Money("defaultFund")),
            "sitg" => new SitgCommand(o.Money("amount")),
            "default" => new DefaultCommand(o.Account("account")),
            _ => throw new ArgumentOutOfRangeException(nameof(root), type, "no parser for a known type"),
        };
        return o.OptionalTime("time") is { } time ? c with { Time = time } : c;
    }

    /// <summary>The fields each command type accepts; any other field is an error.</summary>
    private static readonly Dictionary<string, string[]> KnownFields = new(StringComparer.Ordinal)
    {
        ["config"] = ["type", "time", "closeout", "adl", "waterfall", "clawback", "withdrawalHaircut", "backstop", "assessments", "closeoutSurplus", "allocation", "liquidation"],
        ["market"] = ["type", "time", "market", "tickSize", "lotSize", "initialMargin", "maintenanceMargin", "liquidationFee", "tiers"],
        ["deposit"] = ["type", "time", "account", "amount"],
        ["withdraw"] = ["type", "time", "account", "amount"],
        ["trade"] = ["type", "time", "market", "buyer", "seller", "price", "quantity"],
        ["mark"] = ["type", "time", "market", "price"],
        ["funding"] = ["type", "time", "market", "rate"],
        ["book"] = ["type", "time", "market", "bids", "asks"],
        ["insurance"] = ["type", "time", "amount"],
        ["backstop"] = ["type", "time", "account", "enabled"],
        ["settle"] = ["type", "time"],
        ["member"] = ["type", "time", "account", "defaultFund"],
        ["sitg"] = ["type", "time", "amount"],
        ["default"] = ["type", "time", "account"],
        ["assessments"] = ["multiple"],
        ["adl"] = ["ranking", "price", "seed", "trigger", "window", "floor"],
        ["clawback"] = ["method", "base", "cap"],
        ["backstop.price"] = ["price", "transferBelow"],
        ["liquidation"] = ["partialAbove", "partialFraction", "cooldown"],
        ["tier"] = ["maxNotional", "initialMargin", "maintenanceMargin"],
    };

    private static ConfigureCommand ParseConfig(Fields o)
    {
        var d = EngineConfig.Default;
        var closeout = o.OptionalNames("closeout", WireNames.CloseOut) ?? d.CloseOut;
        var waterfall = o.OptionalNames("waterfall", WireNames.Waterfall) ?? d.Waterfall;
        var ranking = d.AdlRanking;
        var adlPrice = d.AdlPrice;
        ulong seed = 0;
        var trigger = d.AdlTrigger;
        var window = d.AdlWindow;
        var floor = d.AdlFloor;
        if (o.OptionalObject("adl", KnownFields["adl"]) is { } adl)
        {
            ranking = adl.OptionalName("ranking", WireNames.Ranking) ?? ranking;
            adlPrice = adl.OptionalName("price", WireNames.Price) ?? adlPrice;
            seed = adl.OptionalSeed("seed") ?? 0;
            trigger = adl.OptionalName("trigger", WireNames.Trigger) ?? trigger;
            var w = adl.OptionalSeed("window");
            if (w is > int.MaxValue)
                throw CommandFormatException.AtField("adl.window", "too large");
            window = w is { } wv ? (int)wv : window;
            floor = adl.OptionalMoney("floor") ?? floor;
        }

        var method = d.ClawbackMethod;
        var clawBase = d.ClawbackBase;
        var cap = d.ClawbackCap;
        if (o.OptionalObject("clawback", KnownFields["clawback"]) is { } cb)
        {
            method = cb.OptionalName("method", WireNames.ClawbackMethods) ?? method;
            clawBase = cb.OptionalName("base", WireNames.ClawbackBases) ?? clawBase;
            cap = cb.OptionalRate("cap") ?? cap;
        }

        var backstopPrice = d.BackstopPrice;
        var transferBelow = d.BackstopTransferBelow;
        if (o.OptionalObject("backstop", KnownFields["backstop.price"]) is { } bs)
        {
            backstopPrice = bs.OptionalName("price", WireNames.Price) ?? backstopPrice;
            transferBelow = bs.OptionalRate("transferBelow") ?? transferBelow;
        }

        var partial = d.Partial;
        if (o.OptionalObject("liquidation", KnownFields["liquidation"]) is { } liq)
        {
            var above = liq.OptionalMoney("partialAbove") ?? throw new CommandFormatException("missing field \"liquidation.partialAbove\" in config", "liquidation.partialAbove");
            var fraction = liq.OptionalRate("partialFraction") ?? throw new CommandFormatException("missing field \"liquidation.partialFraction\" in config", "liquidation.partialFraction");
            var cooldown = liq.OptionalSeed("cooldown") ?? 0;
            if (cooldown > int.MaxValue)
                throw CommandFormatException.AtField("liquidation.cooldown", "too large");
            partial = new PartialLiquidation(above, fraction, (long)cooldown);
        }

        var multiple = d.AssessmentMultiple;
        if (o.OptionalObject("assessments", KnownFields["assessments"]) is { } asm)
            multiple = asm.OptionalRate("multiple") ?? multiple;

        var haircut = o.OptionalBool("withdrawalHaircut") ?? d.WithdrawalHaircut;
        var surplus = o.OptionalName("closeoutSurplus", WireNames.Surplus) ?? d.CloseoutSurplus;
        var allocation = o.OptionalName("allocation", WireNames.Allocation) ?? d.Allocation;
        return new ConfigureCommand(new EngineConfig(closeout, ranking, adlPrice, waterfall, method, clawBase, haircut, backstopPrice)
        {
            AdlSeed = seed,
            AdlTrigger = trigger,
            AdlWindow = window,
            AdlFloor = floor,
            CloseoutSurplus = surplus,
            ClawbackCap = cap,
            AssessmentMultiple = multiple,
            Allocation = allocation,
            BackstopTransferBelow = transferBelow,
            Partial = partial,
        });
    }

    private static ListMarketCommand ParseMarket(Fields o)
    {
        var tiers = new List<MarginTier>();
        if (o.OptionalArray("tiers") is { } arr)
        {
            int i = 0;
            foreach (var t in arr)
            {
                var f = o.Nested(t, $"tiers[{i}]", KnownFields["tier"]);
                tiers.Add(new MarginTier(f.Money("maxNotional"), f.Rate("initialMargin"), f.Rate("maintenanceMargin")));
                i++;
            }
        }

        return new ListMarketCommand(o.Market("market"), o.Decimal("tickSize"), o.Decimal("lotSize"),
            o.Rate("initialMargin"), o.Rate("maintenanceMargin"), o.OptionalRate("liquidationFee") ?? Rate.Zero, tiers);
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{e.GetString()}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    private static string TrimJsonMessage(string m)
    {
        int i = m.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? m[..i] : m;
    }

    /// <summary>The fields of one JSON object, tracking which were read so unknown ones are errors.</summary>
    private sealed class Fields
    {
        private readonly JsonElement _obj;
        private readonly string _context;
        private readonly string _prefix;

        public Fields(JsonElement obj, string context, string prefix, string[] known)
        {
            _obj = obj;
            _context = context;
            _prefix = prefix;
            foreach (var p in obj.EnumerateObject())
            {
                if (Array.IndexOf(known, p.Name) < 0)
                    throw new CommandFormatException($"unknown field \"{prefix}{p.Name}\" in {context} (expected: {string.Join(", ", known)})", prefix + p.Name);
            }
        }

        public Fields Nested(JsonElement e, string path, string[] known)
        {
            if (e.ValueKind != JsonValueKind.Object)
                throw CommandFormatException.AtField(path, $"expected an object, got {Kind(e)}");
            return new Fields(e, path, path + ".", known);
        }

        private JsonElement? Get(string name)
        {
            if (_obj.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null)
                return e;
            return null;
        }

        private JsonElement Require(string name) =>
            Get(name) ?? throw new CommandFormatException($"missing field \"{_prefix}{name}\" in {_context}", _prefix + name);

        private string Name(string name) => _prefix + name;

        public string String(string name)
        {
            var e = Require(name);
            if (e.ValueKind != JsonValueKind.String)
                throw CommandFormatException.AtField(Name(name), $"expected a string, got {Kind(e)}");
            var s = e.GetString()!;
            if (s.Length == 0)
                throw CommandFormatException.AtField(Name(name), $"expected a non-empty string");
            return s;
        }

        public AccountId Account(string name) => new(String(name));

        public MarketId Market(string name) => new(String(name));

        public decimal Decimal(string name) => ToDecimal(Require(name), Name(name));

        public Money Money(string name) => ToMoney(Require(name), Name(name));

        public Rate Rate(string name) => ToRate(Require(name), Name(name));

        public Rate? OptionalRate(string name) => Get(name) is { } e ? ToRate(e, Name(name)) : null;

        public Money? OptionalMoney(string name) => Get(name) is { } e ? ToMoney(e, Name(name)) : null;

        public ulong? OptionalSeed(string name)
        {
            if (Get(name) is not { } e)
                return null;
            var text = e.ValueKind is JsonValueKind.String or JsonValueKind.Number ? (e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()) : "";
            return ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
                ? v
                : throw CommandFormatException.AtField(Name(name), $"expected a whole number from 0 to {ulong.MaxValue}, got {Kind(e)}");
        }

        public Timestamp? OptionalTime(string name)
        {
            if (Get(name) is not { } e)
                return null;
            if (e.ValueKind == JsonValueKind.String && Timestamp.TryParse(e.GetString(), out var t))
                return t;
            throw CommandFormatException.AtField(Name(name), $"expected {Timestamp.Expected}, got {Kind(e)}");
        }

        public bool? OptionalBool(string name)
        {
            if (Get(name) is not { } e)
                return null;
            return e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw CommandFormatException.AtField(Name(name), $"expected true or false, got {Kind(e)}"),
            };
        }

        public Fields? OptionalObject(string name, string[] known) => Get(name) is { } e ? Nested(e, Name(name), known) : null;

        public JsonElement.ArrayEnumerator? OptionalArray(string name)
        {
            if (Get(name) is not { } e)
                return null;
            if (e.ValueKind != JsonValueKind.Array)
                throw CommandFormatException.AtField(Name(name), $"expected an array, got {Kind(e)}");
            return e.EnumerateArray();
        }

        public T? OptionalName<T>(string name, IReadOnlyDictionary<string, T> table) where T : struct
        {
            if (Get(name) is not { } e)
                return null;
            return Lookup(e, Name(name), table);
        }

        public IReadOnlyList<T>? OptionalNames<T>(string name, IReadOnlyDictionary<string, T> table) where T : struct
        {
            if (OptionalArray(name) is not { } arr)
                return null;
            var list = new List<T>();
            int i = 0;
            foreach (var e in arr)
                list.Add(Lookup(e, $"{Name(name)}[{i++}]", table));
            return list;
        }

        public IReadOnlyList<(decimal, decimal)> Levels(string name)
        {
            var list = new List<(decimal, decimal)>();
            if (OptionalArray(name) is not { } arr)
                return list;
            int i = 0;
            foreach (var level in arr)
            {
                var path = $"{Name(name)}[{i++}]";
                if (level.ValueKind != JsonValueKind.Array || level.GetArrayLength() != 2)
                    throw CommandFormatException.AtField(path, $"expected [price, quantity], got {Kind(level)}");
                list.Add((ToDecimal(level[0], path + "[0]"), ToDecimal(level[1], path + "[1]")));
            }

            return list;
        }

        private static T Lookup<T>(JsonElement e, string path, IReadOnlyDictionary<string, T> table) where T : struct
        {
            var expected = string.Join(", ", table.Keys.Select(k => $"\"{k}\""));
            if (e.ValueKind != JsonValueKind.String)
                throw CommandFormatException.AtField(path, $"expected one of {expected}, got {Kind(e)}");
            var s = e.GetString()!;
            return table.TryGetValue(s, out var v)
                ? v
                : throw CommandFormatException.AtField(path, $"unknown value \"{s}\" (expected one of {expected})");
        }

        private static string NumberText(JsonElement e, string path) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Number => e.GetRawText(),
            _ => throw CommandFormatException.AtField(path, $"expected a decimal string like \"123.45\", got {Kind(e)}"),
        };

        private static decimal ToDecimal(JsonElement e, string path)
        {
            if (!FixedPoint.TryParseDecimal(NumberText(e, path), out var d, out var error))
                throw CommandFormatException.AtField(path, $"{error}");
            return d;
        }

        private static Money ToMoney(JsonElement e, string path)
        {
            if (!Core.Numbers.Money.TryParse(NumberText(e, path), out var m, out var error))
                throw CommandFormatException.AtField(path, $"{error}");
            return m;
        }

        private static Rate ToRate(JsonElement e, string path)
        {
            if (!Core.Numbers.Rate.TryParse(NumberText(e, path), out var r, out var error))
                throw CommandFormatException.AtField(path, $"{error}");
            return r;
        }
    }
}
