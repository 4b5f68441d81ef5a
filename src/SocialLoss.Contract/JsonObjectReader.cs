using System.Text.Json;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// The fields of one JSON object read against its <see cref="ObjectShape"/>: a field the shape lacks, or a field
/// given twice, is a <see cref="CommandFormatException"/> naming it; values are read by kind with the contract's
/// messages (<c>field "amount": expected ..., got ...</c>). A JSON <c>null</c> counts as absent.
/// </summary>
public sealed class JsonObjectReader
{
    private readonly JsonElement _obj;
    private readonly string _prefix;

    /// <summary>
    /// A reader of <paramref name="obj"/>. <paramref name="prefix"/> goes before field names in messages (<c>"adl."</c>);
    /// <paramref name="ignored"/> names fields that may be present and are not the shape's (an event's envelope).
    /// </summary>
    public JsonObjectReader(JsonElement obj, ObjectShape shape, string prefix = "", IReadOnlyList<string>? ignored = null)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw CommandFormatException.AtField(prefix.TrimEnd('.'), $"expected an object, got {Describe(obj)}");
        _obj = obj;
        _prefix = prefix;
        Shape = shape;
        CheckDuplicates(obj, prefix);
        foreach (var p in obj.EnumerateObject())
        {
            if (shape.Find(p.Name) is null && ignored?.Contains(p.Name) != true)
                throw new CommandFormatException($"unknown field \"{prefix}{Echo(p.Name)}\" in {Context} (expected: {shape.Names})", prefix + Echo(p.Name));
        }
    }

    /// <summary>The fields this object may hold.</summary>
    public ObjectShape Shape { get; }

    /// <summary>The object as messages name it: its path (<c>adl</c>, <c>tiers[0]</c>), or the command type at the top.</summary>
    private string Context => _prefix.Length > 0 ? _prefix.TrimEnd('.') : Shape.Name;

    /// <summary>Throws when <paramref name="obj"/> holds a field name twice (the first repeated name, in document order).</summary>
    public static void CheckDuplicates(JsonElement obj, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
            if (!seen.Add(p.Name))
                throw new CommandFormatException($"duplicate field \"{prefix}{Echo(p.Name)}\": each field may appear once", prefix + Echo(p.Name));
    }

    /// <summary>A value as messages show it: <c>the string "x"</c>, <c>the number 5</c>, <c>an object</c>, ...</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Echo(e.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Echo(e.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    /// <summary>
    /// Text from the input as a message quotes it: control characters, quotes and backslashes escaped (one line, one
    /// reading), and a long text cut to its start and its length, so a 30,000-character value is not echoed whole.
    /// </summary>
    public static string Echo(string s)
    {
        const int Longest = 64;
        var head = s.Length > Longest ? s[..40] : s;
        var escaped = JsonEncodedText.Encode(head, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        return s.Length > Longest ? $"{escaped}... ({s.Length} characters)" : escaped;
    }

    /// <summary>The checked value of a scalar or levels field of the shape (not present when absent).</summary>
    public FieldValue Value(FieldSpec spec)
    {
        if (Get(spec.Name) is not { } e)
            return spec.Required ? throw Missing(spec.Name) : default;
        var path = _prefix + spec.Name;
        var v = new FieldValue { Present = true };
        switch (spec.Kind)
        {
            case FieldKind.Account or FieldKind.Market:
                v.Text = Id(e, path);
                break;
            case FieldKind.Money:
                v.Scaled = ToMoney(e, path).Micros;
                break;
            case FieldKind.Rate:
                v.Scaled = ToRate(e, path).Ppb;
                break;
            case FieldKind.Decimal:
                v.Decimal = ToDecimal(e, path);
                break;
            case FieldKind.Bool:
                v.Bool = ToBool(e, path);
                break;
            case FieldKind.Levels:
                v.Levels = ToLevels(e, path);
                break;
            case FieldKind.Time:
                v.Scaled = ToTime(e, path).UnixMicroseconds;
                break;
            default:
                throw new ArgumentException($"field \"{spec.Name}\" of kind {spec.Kind} has no scalar value", nameof(spec));
        }

        return v;
    }

    /// <summary>A required market id.</summary>
    public MarketId Market(string name) => new(Value(Spec(name, FieldKind.Market)).Text!);

    /// <summary>A required decimal.</summary>
    public decimal Decimal(string name) => Value(Spec(name, FieldKind.Decimal)).Decimal;

    /// <summary>A required amount.</summary>
    public Money Money(string name) => new(Value(Spec(name, FieldKind.Money)).Scaled);

    /// <summary>A required rate.</summary>
    public Rate Rate(string name) => new(Value(Spec(name, FieldKind.Rate)).Scaled);

    /// <summary>An optional rate.</summary>
    public Rate? OptionalRate(string name) => Value(Spec(name, FieldKind.Rate)) is { Present: true } v ? new Rate(v.Scaled) : null;

    /// <summary>An optional amount.</summary>
    public Money? OptionalMoney(string name) => Value(Spec(name, FieldKind.Money)) is { Present: true } v ? new Money(v.Scaled) : null;

    /// <summary>An optional flag.</summary>
    public bool? OptionalBool(string name) => Value(Spec(name, FieldKind.Bool)) is { Present: true } v ? v.Bool : null;

    /// <summary>An optional time.</summary>
    public Timestamp? OptionalTime(string name) => Value(Spec(name, FieldKind.Time)) is { Present: true } v ? new Timestamp(v.Scaled) : null;

    /// <summary>An optional whole number from 0 to <paramref name="max"/>.</summary>
    public ulong? OptionalWhole(string name, ulong max = ulong.MaxValue)
    {
        Spec(name, FieldKind.Whole);
        if (Get(name) is not { } e)
            return null;
        var text = e.ValueKind switch { JsonValueKind.String => e.GetString()!, JsonValueKind.Number => e.GetRawText(), _ => "" };
        return ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v <= max
            ? v
            : throw CommandFormatException.AtField(_prefix + name, $"expected a whole number from 0 to {max}, got {Describe(e)}");
    }

    /// <summary>An optional name from <paramref name="table"/>.</summary>
    public T? OptionalName<T>(string name, IReadOnlyDictionary<string, T> table) where T : struct
    {
        Spec(name, FieldKind.Name);
        return Get(name) is { } e ? Lookup(e, _prefix + name, table) : null;
    }

    /// <summary>An optional array of names from <paramref name="table"/>, in order.</summary>
    public IReadOnlyList<T>? OptionalNames<T>(string name, IReadOnlyDictionary<string, T> table) where T : struct
    {
        Spec(name, FieldKind.Names);
        if (Get(name) is not { } e)
            return null;
        var list = new List<T>();
        int i = 0;
        foreach (var item in Array(e, _prefix + name))
            list.Add(Lookup(item, $"{_prefix}{name}[{i++}]", table));
        return list;
    }

    /// <summary>An optional nested object, read against its shape.</summary>
    public JsonObjectReader? OptionalObject(string name)
    {
        var spec = Spec(name, FieldKind.Object);
        return Get(name) is { } e ? new JsonObjectReader(e, spec.Shape!, _prefix + name + ".") : null;
    }

    /// <summary>An optional array of nested objects (none when absent), each read against its shape.</summary>
    public IReadOnlyList<JsonObjectReader> OptionalObjects(string name)
    {
        var spec = Spec(name, FieldKind.Objects);
        if (Get(name) is not { } e)
            return [];
        var list = new List<JsonObjectReader>();
        int i = 0;
        foreach (var item in Array(e, _prefix + name))
            list.Add(new JsonObjectReader(item, spec.Shape!, $"{_prefix}{name}[{i++}]."));
        return list;
    }

    private FieldSpec Spec(string name, FieldKind kind)
    {
        var spec = Shape.Get(name);
        return spec.Kind == kind ? spec : throw new ArgumentException($"field \"{name}\" of {Shape.Name} is {spec.Kind}, not {kind}", nameof(kind));
    }

    private JsonElement? Get(string name) =>
        _obj.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null ? e : null;

    private CommandFormatException Missing(string name) => new($"missing field \"{_prefix}{name}\" in {Context}", _prefix + name);

    private static string Id(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.String)
            throw CommandFormatException.AtField(path, $"expected a string, got {Describe(e)}");
        var s = e.GetString()!;
        if (s.Length == 0)
            throw CommandFormatException.AtField(path, $"expected a non-empty string");
        return ContractIds.IsValid(s) ? s : throw CommandFormatException.AtField(path, $"expected {ContractIds.Rule}, got {Describe(e)}");
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw CommandFormatException.AtField(path, $"expected an array, got {Describe(e)}");

    private static bool ToBool(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw CommandFormatException.AtField(path, $"expected true or false, got {Describe(e)}"),
    };

    private static Timestamp ToTime(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.String && Timestamp.TryParse(e.GetString(), out var t)
            ? t
            : throw CommandFormatException.AtField(path, $"expected {Timestamp.Expected}, got {Describe(e)}");

    private static List<(decimal, decimal)> ToLevels(JsonElement e, string path)
    {
        var list = new List<(decimal, decimal)>();
        int i = 0;
        foreach (var level in Array(e, path))
        {
            var at = $"{path}[{i++}]";
            if (level.ValueKind != JsonValueKind.Array || level.GetArrayLength() != 2)
                throw CommandFormatException.AtField(at, $"expected [price, quantity], got {Describe(level)}");
            list.Add((ToDecimal(level[0], at + "[0]"), ToDecimal(level[1], at + "[1]")));
        }

        return list;
    }

    private static T Lookup<T>(JsonElement e, string path, IReadOnlyDictionary<string, T> table) where T : struct
    {
        var expected = string.Join(", ", table.Keys.Select(k => $"\"{k}\""));
        if (e.ValueKind != JsonValueKind.String)
            throw CommandFormatException.AtField(path, $"expected one of {expected}, got {Describe(e)}");
        var s = e.GetString()!;
        return table.TryGetValue(s, out var v)
            ? v
            : throw CommandFormatException.AtField(path, $"unknown value \"{Echo(s)}\" (expected one of {expected})");
    }

    private static string NumberText(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        _ => throw CommandFormatException.AtField(path, $"expected a decimal string like \"123.45\", got {Describe(e)}"),
    };

    private static decimal ToDecimal(JsonElement e, string path) =>
        FixedPoint.TryParseDecimal(NumberText(e, path), out var d, out var error) ? d : throw CommandFormatException.AtField(path, $"{error}");

    private static Money ToMoney(JsonElement e, string path) =>
        Core.Numbers.Money.TryParse(NumberText(e, path), out var m, out var error) ? m : throw CommandFormatException.AtField(path, $"{error}");

    private static Rate ToRate(JsonElement e, string path) =>
        Core.Numbers.Rate.TryParse(NumberText(e, path), out var r, out var error) ? r : throw CommandFormatException.AtField(path, $"{error}");
}
