using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// The fast path of <see cref="CommandParser"/>: one JSONL command line as UTF-8 bytes, read with
/// <see cref="Utf8JsonReader"/> without a string per field (names compared as bytes, numbers parsed from the
/// bytes, account and market names interned). Its fields, their kinds and which are required come from
/// <see cref="CommandSchema"/>, as the slow path's do, and it builds commands with the schema's builders. It only
/// decides lines it fully understands: for anything else — bad JSON, a missing, unknown, repeated or null field, an
/// unusual number, a bad id or time, the rare <c>config</c> and <c>market</c> lines — it hands the line to
/// <see cref="CommandParser.Parse"/>, so the result and every error message are the slow path's. Invalid UTF-8 is an
/// error here (never decoded to U+FFFD). One instance per stream (it keeps the interned names).
/// </summary>
public sealed class Utf8CommandParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    private readonly Utf8Interner _names = new();
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;

    /// <summary>Lines decided by the fast path.</summary>
    public long FastLines { get; private set; }

    /// <summary>Lines handed to <see cref="CommandParser.Parse"/> (including every malformed line).</summary>
    public long SlowLines { get; private set; }

    /// <summary>True for lines the reader skips: blank, or starting with <c>//</c> (as <see cref="CommandParser.IsSkippable"/>).</summary>
    public static bool IsSkippable(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t'))
            i++;
        if (i == line.Length)
            return true;
        if (line[i] == (byte)'{')
            return false;
        // Rare: other white space (Unicode's too) and comments are decided on the text.
        return CommandParser.IsSkippable(Encoding.UTF8.GetString(line));
    }

    /// <summary>Parses one line into a command, or throws <see cref="CommandFormatException"/> with the slow path's message.</summary>
    public Command Parse(ReadOnlySpan<byte> line)
    {
        CheckUtf8(line);
        if (TryParseFast(line) is { } command)
        {
            FastLines++;
            return command;
        }

        SlowLines++;
        return CommandParser.Parse(Encoding.UTF8.GetString(line));
    }

    /// <summary>Throws <see cref="CommandFormatException"/> naming the first byte of <paramref name="line"/> that is not UTF-8 (never decoded to U+FFFD).</summary>
    public static void CheckUtf8(ReadOnlySpan<byte> line)
    {
        if (!Utf8.IsValid(line))
            throw new CommandFormatException($"invalid UTF-8: byte {FirstInvalidByte(line) + 1} of the line is not part of a UTF-8 character (the line must be UTF-8 text)");
    }

    /// <summary>The command, or null to defer to the slow path.</summary>
    private Command? TryParseFast(ReadOnlySpan<byte> line)
    {
        _scratchUsed = 0;
        Span<Slice> slices = stackalloc Slice[Table.Names.Length];
        int seen = 0;
        List<(decimal, decimal)>? first = null, second = null; // book levels, in the order read
        int firstField = -1;
        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (true)
            {
                if (!reader.Read())
                    return null;
                if (reader.TokenType == JsonTokenType.EndObject)
                    break;
                if (reader.ValueIsEscaped)
                    return null; // an escaped field name: rare, the slow path compares it
                int field = Table.IndexOf(reader.ValueSpan);
                if (field < 0 || (seen & (1 << field)) != 0)
                    return null; // unknown or repeated
                seen |= 1 << field;
                if (!reader.Read())
                    return null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        slices[field] = StringSlice(ref reader);
                        break;
                    case JsonTokenType.Number:
                        slices[field] = new Slice(false, (int)reader.TokenStartIndex, reader.ValueSpan.Length, Kind.Number);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        slices[field] = new Slice(false, 0, 0, reader.TokenType == JsonTokenType.True ? Kind.True : Kind.False);
                        break;
                    case JsonTokenType.StartArray when Table.Kinds[field] == FieldKind.Levels:
                        if (Levels(ref reader, line) is not { } levels)
                            return null;
                        if (first is null)
                            (first, firstField) = (levels, field);
                        else
                            second = levels;
                        slices[field] = new Slice(false, 0, 0, Kind.Levels);
                        break;
                    default:
                        return null; // null, or an object or array where the fast path expects none
                }
            }

            if (reader.Read())
                return null; // anything after the object (the reader throws on all but white space)
            return Build(slices, seen, first, firstField, second, line);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // an escape that is not valid UTF-16
        }
    }

    private Command? Build(Span<Slice> slices, int seen, List<(decimal, decimal)>? first, int firstField, List<(decimal, decimal)>? second, ReadOnlySpan<byte> line)
    {
        var typeSlice = slices[Table.TypeIndex];
        if ((seen & (1 << Table.TypeIndex)) == 0 || typeSlice.Kind != Kind.String)
            return null;
        if (Table.Find(Bytes(typeSlice, line)) is not { } entry)
            return null; // config, market, or not a command type: the slow path
        if ((seen & entry.Required) != entry.Required || (seen & ~entry.Allowed) != 0)
            return null;
        var values = new CommandValues();
        var fields = entry.Shape.Shape.Fields;
        for (int i = 1; i < fields.Count; i++)
        {
            int g = entry.Globals[i];
            if ((seen & (1 << g)) == 0)
                continue;
            var s = slices[g];
            ref var v = ref values[i];
            v.Present = true;
            switch (fields[i].Kind)
            {
                case FieldKind.Account or FieldKind.Market:
                    if (s.Kind != Kind.String || !ContractIds.IsValid(Bytes(s, line)))
                        return null;
                    v.Text = _names.Intern(Bytes(s, line));
                    break;
                case FieldKind.Money:
                    if (Scaled(s, line, Money.Decimals) is not { } micros)
                        return null;
                    v.Scaled = micros;
                    break;
                case FieldKind.Rate:
                    if (Scaled(s, line, Rate.Decimals) is not { } ppb)
                        return null;
                    v.Scaled = ppb;
                    break;
                case FieldKind.Decimal:
                    if (Decimal(s, line) is not { } d)
                        return null;
                    v.Decimal = d;
                    break;
                case FieldKind.Bool:
                    if (s.Kind is not (Kind.True or Kind.False))
                        return null;
                    v.Bool = s.Kind == Kind.True;
                    break;
                case FieldKind.Levels:
                    v.Levels = g == firstField ? first : second;
                    break;
                case FieldKind.Time:
                    if (s.Kind != Kind.String || !Timestamp.TryParse(Bytes(s, line), out var time))
                        return null;
                    v.Scaled = time.UnixMicroseconds;
                    break;
                default:
                    return null;
            }
        }

        var command = entry.Shape.Build!(values);
        return values.Time(entry.Shape.TimeIndex) is { } t ? command with { Time = t } : command;
    }

    private decimal? Decimal(Slice s, ReadOnlySpan<byte> line) =>
        s.Kind is Kind.String or Kind.Number && Utf8Numbers.TryParseDecimal(Bytes(s, line), out var d) ? d : null;

    private long? Scaled(Slice s, ReadOnlySpan<byte> line, int decimals) =>
        s.Kind is Kind.String or Kind.Number && Utf8Numbers.TryParseScaled(Bytes(s, line), decimals, out var x) ? x : null;

    private ReadOnlySpan<byte> Bytes(Slice s, ReadOnlySpan<byte> line) =>
        s.InScratch ? _scratch.AsSpan(s.Start, s.Length) : line.Slice(s.Start, s.Length);

    /// <summary>A string value: a slice of the line, or its unescaped copy in the scratch buffer.</summary>
    private Slice StringSlice(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
            return new Slice(false, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, Kind.String);
        int need = reader.ValueSpan.Length; // unescaping never makes it longer
        if (_scratch.Length - _scratchUsed < need)
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + need));
        int n = reader.CopyString(_scratch.AsSpan(_scratchUsed));
        var slice = new Slice(true, _scratchUsed, n, Kind.String);
        _scratchUsed += n;
        return slice;
    }

    /// <summary>Book levels <c>[["price","quantity"], ...]</c>; null for anything else.</summary>
    private List<(decimal, decimal)>? Levels(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        var list = new List<(decimal, decimal)>();
        while (true)
        {
            if (!reader.Read())
                return null;
            if (reader.TokenType == JsonTokenType.EndArray)
                return list;
            if (reader.TokenType != JsonTokenType.StartArray)
                return null;
            if (LevelValue(ref reader, line) is not { } price || LevelValue(ref reader, line) is not { } quantity)
                return null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
                return null;
            list.Add((price, quantity));
        }
    }

    private decimal? LevelValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        if (!reader.Read())
            return null;
        Slice s = reader.TokenType switch
        {
            JsonTokenType.String => StringSlice(ref reader),
            JsonTokenType.Number => new Slice(false, (int)reader.TokenStartIndex, reader.ValueSpan.Length, Kind.Number),
            _ => default,
        };
        return Decimal(s, line);
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> line)
    {
        int at = 0;
        while (at < line.Length)
        {
            if (Rune.DecodeFromUtf8(line[at..], out _, out int used) != System.Buffers.OperationStatus.Done)
                return at;
            at += used;
        }

        return line.Length;
    }

    private enum Kind : byte
    {
        None,
        String,
        Number,
        True,
        False,
        Levels,
    }

    /// <summary>Where a value is: in the line, or (unescaped) in the scratch buffer.</summary>
    private readonly record struct Slice(bool InScratch, int Start, int Length, Kind Kind);

    /// <summary>
    /// <see cref="CommandSchema"/>'s flat commands as the fast path uses them: every field name they use as one bit of
    /// a set, and per command type the bits it requires and allows.
    /// </summary>
    private static class Table
    {
        public static readonly byte[][] Names;
        public static readonly FieldKind[] Kinds;
        public static readonly int TypeIndex;
        private static readonly Entry[] Entries;

        static Table()
        {
            var names = new List<string>();
            var kinds = new List<FieldKind>();
            var entries = new List<Entry>();
            foreach (var shape in CommandSchema.Commands)
            {
                if (shape.Build is null)
                    continue;
                var globals = new int[shape.Shape.Fields.Count];
                int required = 0, allowed = 0;
                for (int i = 0; i < globals.Length; i++)
                {
                    var f = shape.Shape.Fields[i];
                    int g = names.IndexOf(f.Name);
                    if (g < 0)
                    {
                        g = names.Count;
                        names.Add(f.Name);
                        kinds.Add(f.Kind);
                    }
                    else if (kinds[g] != f.Kind)
                        throw new InvalidOperationException($"field \"{f.Name}\" has two kinds: the fast path keys values by name");

                    globals[i] = g;
                    allowed |= 1 << g;
                    if (f.Required)
                        required |= 1 << g;
                }

                entries.Add(new Entry(Encoding.UTF8.GetBytes(shape.Type), shape, globals, required, allowed));
            }

            if (names.Count > 31)
                throw new InvalidOperationException("more field names than bits in a set");
            Names = [.. names.Select(Encoding.UTF8.GetBytes)];
            Kinds = [.. kinds];
            TypeIndex = names.IndexOf("type");
            Entries = [.. entries];
        }

        public static int IndexOf(ReadOnlySpan<byte> name)
        {
            var names = Names;
            for (int i = 0; i < names.Length; i++)
                if (name.SequenceEqual(names[i]))
                    return i;
            return -1;
        }

        public static Entry? Find(ReadOnlySpan<byte> type)
        {
            foreach (var e in Entries)
                if (type.SequenceEqual(e.Type))
                    return e;
            return null;
        }
    }

    /// <summary>A flat command type: its name, shape, the global bit of each of its fields, and the bits it requires and allows.</summary>
    private sealed record Entry(byte[] Type, CommandShape Shape, int[] Globals, int Required, int Allowed);
}
