using System.Globalization;
using System.Text.Json;

namespace SocialLoss.Simulation;

/// <summary>Where the price path comes from: a candle file of the data folder and an optional time window.</summary>
/// <param name="File">Candle CSV, relative to the data folder (or absolute).</param>
/// <param name="From">First candle's open time (inclusive), UTC; null = from the start of the file.</param>
/// <param name="To">End of the window (exclusive), UTC; null = to the end of the file.</param>
public sealed record PathSource(string File, DateTime? From = null, DateTime? To = null);

/// <summary>A simulation scenario: path, market, population, liquidity, insurance fund and policies.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Description">What it shows.</param>
/// <param name="Path">Price path source.</param>
/// <param name="Market">The simulated market.</param>
/// <param name="Population">Population generator parameters.</param>
/// <param name="Liquidity">Liquidity model parameters.</param>
/// <param name="InsuranceFund">Insurance fund at the start, in USD; null = <see cref="InsuranceFundShare"/> of the long open interest notional.</param>
/// <param name="InsuranceFundShare">Insurance fund as a share of the long open interest notional at the start, when no amount is given.</param>
/// <param name="Seed">Seed of the population generator.</param>
/// <param name="Policies">Policies to compare, in order.</param>
public sealed record Scenario(
    string Name,
    string Description,
    PathSource Path,
    MarketParameters Market,
    PopulationParameters Population,
    LiquidityParameters Liquidity,
    decimal? InsuranceFund,
    double InsuranceFundShare,
    int Seed,
    IReadOnlyList<Policy> Policies);

/// <summary>A scenario file that cannot be used; the message names the field.</summary>
public sealed class ScenarioException(string message) : Exception(message);

/// <summary>
/// Reads scenario files (<c>scenarios/*.json</c>). Every field is optional except <c>path.file</c>; unknown
/// fields and values of the wrong kind are errors naming the field, e.g.
/// <c>field "population.longShare": expected a number between 0 and 1, got the string "lots"</c>.
/// </summary>
public static class ScenarioFile
{
    /// <summary>
    /// Finds a scenario by path, or by name (<c>NAME</c> or <c>NAME.json</c>) in <c>scenarios/</c> under the current folder or
    /// beside the program; null when there is none.
    /// </summary>
    public static string? Resolve(string nameOrFile)
    {
        ArgumentNullException.ThrowIfNull(nameOrFile);
        if (File.Exists(nameOrFile))
            return nameOrFile;
        var file = nameOrFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? nameOrFile : nameOrFile + ".json";
        foreach (var dir in new[] { System.IO.Path.Combine(Directory.GetCurrentDirectory(), "scenarios"), System.IO.Path.Combine(AppContext.BaseDirectory, "scenarios") })
        {
            var candidate = System.IO.Path.Combine(dir, file);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    /// <summary>Reads a scenario from a file.</summary>
    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new ScenarioException($"{path}: {e.Message}");
        }

        try
        {
            return Parse(text, System.IO.Path.GetFileNameWithoutExtension(path));
        }
        catch (ScenarioException e)
        {
            throw new ScenarioException($"{path}: {e.Message}");
        }
    }

    /// <summary>Reads a scenario from JSON text; <paramref name="defaultName"/> is used when it has no name.</summary>
    public static Scenario Parse(string json, string defaultName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"invalid JSON: {e.Message}");
        }

        using (doc)
        {
            var root = new Obj(doc.RootElement, "", ["name", "description", "path", "market", "population", "liquidity", "insuranceFund", "insuranceFundShare", "seed", "policies"]);
            var pathObj = root.Object("path", ["file", "from", "to"]) ?? throw new ScenarioException("missing field \"path\" (expected {\"file\": \"binance_klines/....csv\"})");
            var path = new PathSource(pathObj.String("file") ?? throw new ScenarioException("missing field \"path.file\""),
                pathObj.Time("from"), pathObj.Time("to"));

            var m = new MarketParameters();
            if (root.Object("market", ["name", "tickSize", "lotSize", "initialMargin", "maintenanceMargin", "liquidationFee"]) is { } mo)
                m = new MarketParameters(mo.String("name") ?? m.Name, mo.Decimal("tickSize", 0, null) ?? m.TickSize, mo.Decimal("lotSize", 0, null) ?? m.LotSize,
                    mo.Decimal("initialMargin", 0, 1) ?? m.InitialMargin, mo.Decimal("maintenanceMargin", 0, 1) ?? m.MaintenanceMargin,
                    mo.Decimal("liquidationFee", -1e-30m, 1) ?? m.LiquidationFee);

            var p = new PopulationParameters();
            if (root.Object("population", ["accounts", "longShare", "highLeverageShare", "highLeverageMin", "retailLeverageMedian", "retailLeverageSigma",
                    "hedgedShare", "hedgedLeverageMax", "marketMakerShare", "marketMakerLeverage", "sizeMin", "sizeAlpha", "sizeMax", "entrySpread"]) is { } po)
            {
                p = new PopulationParameters(
                    po.Int("accounts", 1, 1_000_000) ?? p.Accounts,
                    po.Double("longShare", 0, 1) ?? p.LongShare,
                    po.Double("highLeverageShare", 0, 1) ?? p.HighLeverageShare,
                    po.Double("highLeverageMin", 1, 1000) ?? p.HighLeverageMin,
                    po.Double("retailLeverageMedian", 1, 1000) ?? p.RetailLeverageMedian,
                    po.Double("retailLeverageSigma", 0, 10) ?? p.RetailLeverageSigma,
                    po.Double("hedgedShare", 0, 1) ?? p.HedgedShare,
                    po.Double("hedgedLeverageMax", 1, 1000) ?? p.HedgedLeverageMax,
                    po.Double("marketMakerShare", 0, 1) ?? p.MarketMakerShare,
                    po.Double("marketMakerLeverage", 0.1, 1000) ?? p.MarketMakerLeverage,
                    po.Double("sizeMin", 1, 1e12) ?? p.SizeMin,
                    po.Double("sizeAlpha", 0.1, 100) ?? p.SizeAlpha,
                    po.Double("sizeMax", 1, 1e12) ?? p.SizeMax,
                    po.Double("entrySpread", 0, 0.3) ?? p.EntrySpread);
                if (p.HedgedShare + p.HighLeverageShare > 1)
                    throw new ScenarioException("field \"population.highLeverageShare\": hedgedShare + highLeverageShare must be at most 1");
                if (p.SizeMax < p.SizeMin)
                    throw new ScenarioException("field \"population.sizeMax\": must be at least sizeMin");
            }

            var l = new LiquidityParameters();
            if (root.Object("liquidity", ["depthShare", "volumeElasticity", "levels", "rangeMultiple", "thinning"]) is { } lo)
                l = new LiquidityParameters(lo.Double("depthShare", 0, 1e6) ?? l.DepthShare, lo.Double("volumeElasticity", 0, 10) ?? l.VolumeElasticity,
                    lo.Int("levels", 1, 1000) ?? l.Levels, lo.Double("rangeMultiple", 0, 100) ?? l.RangeMultiple, lo.Double("thinning", 0, 1000) ?? l.Thinning);

            var policies = PolicyCatalog.SimulationDefaults;
            if (root.Array("policies") is { } arr)
            {
                var list = new List<Policy>();
                int i = 0;
                foreach (var e in arr)
                {
                    var field = $"policies[{i++}]";
                    if (e.ValueKind == JsonValueKind.String)
                    {
                        list.Add(PolicyCatalog.Find(e.GetString()!) ?? throw new ScenarioException(
                            $"field \"{field}\": unknown policy \"{e.GetString()}\" (catalog: {string.Join(", ", PolicyCatalog.Names)}; or give {{\"name\": ..., \"config\": {{...}}}})"));
                        continue;
                    }

                    var po2 = new Obj(e, field + ".", ["name", "config", "description"]);
                    var name = po2.String("name") ?? throw new ScenarioException($"missing field \"{field}.name\"");
                    var cfg = po2.Element("config") ?? throw new ScenarioException($"missing field \"{field}.config\"");
                    if (cfg.ValueKind != JsonValueKind.Object)
                        throw new ScenarioException($"field \"{field}.config\": expected an object with the fields of the config command");
                    var policy = Policy.FromConfigObject(name, cfg, po2.String("description"));
                    try
                    {
                        policy.Command();
                    }
                    catch (SocialLoss.Contract.CommandFormatException ex)
                    {
                        throw new ScenarioException($"field \"{field}.config\": {ex.Message}");
                    }

                    list.Add(policy);
                }

                if (list.Count == 0)
                    throw new ScenarioException("field \"policies\": expected at least one policy");
                policies = list;
            }

            return new Scenario(root.String("name") ?? defaultName, root.String("description") ?? "", path, m, p, l,
                root.Decimal("insuranceFund", -1e-30m, null), root.Double("insuranceFundShare", 0, 1) ?? 0.001, root.Int("seed", int.MinValue, int.MaxValue) ?? 1, policies);
        }
    }

    /// <summary>One JSON object whose fields are checked against a list.</summary>
    private sealed class Obj
    {
        private readonly JsonElement _e;
        private readonly string _prefix;

        public Obj(JsonElement e, string prefix, string[] known)
        {
            var where = prefix.Length == 0 ? "the scenario" : $"\"{prefix.TrimEnd('.')}\"";
            if (e.ValueKind != JsonValueKind.Object)
                throw new ScenarioException($"field {(prefix.Length == 0 ? "(root)" : where)}: expected an object, got {Kind(e)}");
            _e = e;
            _prefix = prefix;
            foreach (var p in e.EnumerateObject())
                if (System.Array.IndexOf(known, p.Name) < 0)
                    throw new ScenarioException($"unknown field \"{prefix}{p.Name}\" in {where} (expected: {string.Join(", ", known)})");
        }

        public JsonElement? Element(string name) =>
            _e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        private string F(string name) => $"field \"{_prefix}{name}\"";

        public Obj? Object(string name, string[] known) => Element(name) is { } v ? new Obj(v, _prefix + name + ".", known) : null;

        public JsonElement.ArrayEnumerator? Array(string name)
        {
            if (Element(name) is not { } v)
                return null;
            if (v.ValueKind != JsonValueKind.Array)
                throw new ScenarioException($"{F(name)}: expected an array, got {Kind(v)}");
            return v.EnumerateArray();
        }

        public string? String(string name)
        {
            if (Element(name) is not { } v)
                return null;
            if (v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0)
                throw new ScenarioException($"{F(name)}: expected a non-empty string, got {Kind(v)}");
            return v.GetString();
        }

        public DateTime? Time(string name)
        {
            var s = String(name);
            if (s is null)
                return null;
            if (!DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
                throw new ScenarioException($"{F(name)}: expected a UTC time like \"2025-10-10T21:00:00Z\", got \"{s}\"");
            return t;
        }

        public decimal? Decimal(string name, decimal exclusiveMin, decimal? max)
        {
            if (Element(name) is not { } v)
                return null;
            var text = v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            };
            if (text is null || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                throw new ScenarioException($"{F(name)}: expected a decimal number like \"0.025\", got {Kind(v)}");
            if (d <= exclusiveMin || (max is { } mx && d > mx))
                throw new ScenarioException($"{F(name)}: {text} is out of range (expected {(exclusiveMin < 0 ? "at least 0" : $"more than {exclusiveMin}")}{(max is { } m2 ? $" and at most {m2}" : "")})");
            return d;
        }

        public double? Double(string name, double min, double max)
        {
            if (Element(name) is not { } v)
                return null;
            double d;
            if (v.ValueKind == JsonValueKind.Number)
                d = v.GetDouble();
            else if (v.ValueKind != JsonValueKind.String || !double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                throw new ScenarioException($"{F(name)}: expected a number between {Fmt(min)} and {Fmt(max)}, got {Kind(v)}");
            if (!(d >= min && d <= max))
                throw new ScenarioException($"{F(name)}: expected a number between {Fmt(min)} and {Fmt(max)}, got {Fmt(d)}");
            return d;
        }

        public int? Int(string name, int min, int max)
        {
            if (Element(name) is not { } v)
                return null;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < min || n > max)
                throw new ScenarioException($"{F(name)}: expected a whole number between {min} and {max}, got {Kind(v)}");
            return (int)n;
        }

        private static string Fmt(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{e.GetString()}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => "null",
    };
}
