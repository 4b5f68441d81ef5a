using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// The fast path of <see cref="CommandParser"/>: one JSONL command line as UTF-8 bytes, read with
/// <see cref="Utf8JsonReader"/> without a string per field (names compared as bytes, numbers parsed from the
/// bytes, account and market names interned). It only decides lines it fully understands: for anything
/// else — bad JSON, a missing, unknown, repeated or null field, an unusual number, the rare <c>config</c>
/// and <c>market</c> lines — it hands the line to <see cref="CommandParser.Parse"/>, so the result and every
/// error message are the slow path's. One instance per stream (it keeps the interned names).
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
        if (TryParseFast(line) is { } command)
        {
            FastLines++;
            return command;
        }

        SlowLines++;
        return CommandParser.Parse(Encoding.UTF8.GetString(line));
    }

    /// <summary>The command, or null to defer to the slow path.</summary>
    private Command? TryParseFast(ReadOnlySpan<byte> line)
    {
        var v = new Values();
        _scratchUsed = 0;
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
                var field = FieldOf(reader.ValueSpan);
                if (field == Field.None || (v.Seen & field) != 0)
                    return null; // unknown or repeated
                v.Seen |= field;
                if (!reader.Read())
                    return null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        v[field] = StringSlice(ref reader, line);
                        break;
                    case JsonTokenType.Number:
                        v[field] = new Slice(false, (int)reader.TokenStartIndex, reader.ValueSpan.Length, Kind.Number);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        v[field] = new Slice(false, 0, 0, reader.TokenType == JsonTokenType.True ? Kind.True : Kind.False);
                        break;
                    case JsonTokenType.StartArray when field is Field.Bids:
                        if ((v.Bids = Levels(ref reader, line)) is null)
                            return null;
                        break;
                    case JsonTokenType.StartArray when field is Field.Asks:
                        if ((v.Asks = Levels(ref reader, line)) is null)
                            return null;
                        break;
                    default:
                        return null; // null, or an object or array where the fast path expects none
                }
            }

            if (reader.Read())
                return null; // anything after the object (the reader throws on all but white space)
            return Build(ref v, line);
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

    private Command? Build(ref Values v, ReadOnlySpan<byte> line)
    {
        if (!v.Is(Field.Type, Kind.String))
            return null;
        var type = Bytes(v[Field.Type], line);
        switch (type.Length)
        {
            case 4 when type.SequenceEqual("mark"u8):
                return Only(v, Field.Market | Field.Price) && Market(v, line) is { } mm && Decimal(v[Field.Price], line) is { } mp
                    ? new MarkCommand(mm, mp) : null;
            case 4 when type.SequenceEqual("book"u8):
                return Only(v, Field.Market, Field.Bids | Field.Asks) && Market(v, line) is { } bm
                    ? new BookCommand(bm, v.Bids ?? [], v.Asks ?? []) : null;
            case 5 when type.SequenceEqual("trade"u8):
                return Only(v, Field.Market | Field.Buyer | Field.Seller | Field.Price | Field.Quantity)
                       && Market(v, line) is { } tm && Name(v[Field.Buyer], line) is { } buyer && Name(v[Field.Seller], line) is { } seller
                       && Decimal(v[Field.Price], line) is { } tp && Decimal(v[Field.Quantity], line) is { } tq
                    ? new TradeCommand(tm, new AccountId(buyer), new AccountId(seller), tp, tq) : null;
            case 7 when type.SequenceEqual("deposit"u8):
                return Only(v, Field.Account | Field.Amount) && Name(v[Field.Account], line) is { } da && Scaled(v[Field.Amount], line, Money.Decimals) is { } dm
                    ? new DepositCommand(new AccountId(da), new Money(dm)) : null;
            case 8 when type.SequenceEqual("withdraw"u8):
                return Only(v, Field.Account | Field.Amount) && Name(v[Field.Account], line) is { } wa && Scaled(v[Field.Amount], line, Money.Decimals) is { } wm
                    ? new WithdrawCommand(new AccountId(wa), new Money(wm)) : null;
            case 7 when type.SequenceEqual("funding"u8):
                return Only(v, Field.Market | Field.Rate) && Market(v, line) is { } fm && Scaled(v[Field.Rate], line, Rate.Decimals) is { } fr
                    ? new FundingCommand(fm, new Rate(fr)) : null;
            case 9 when type.SequenceEqual("insurance"u8):
                return Only(v, Field.Amount) && Scaled(v[Field.Amount], line, Money.Decimals) is { } im
                    ? new InsuranceCommand(new Money(im)) : null;
            case 8 when type.SequenceEqual("backstop"u8):
                if (!Only(v, Field.Account, Field.Enabled) || Name(v[Field.Account], line) is not { } ba)
                    return null;
                if ((v.Seen & Field.Enabled) == 0)
                    return new BackstopCommand(new AccountId(ba), true);
                return v.Kind(Field.Enabled) is Kind.True or Kind.False ? new BackstopCommand(new AccountId(ba), v.Kind(Field.Enabled) == Kind.True) : null;
            case 6 when type.SequenceEqual("settle"u8):
                return Only(v, Field.None) ? new SettleCommand() : null;
            case 6 when type.SequenceEqual("member"u8):
                return Only(v, Field.Account | Field.DefaultFund) && Name(v[Field.Account], line) is { } ma && Scaled(v[Field.DefaultFund], line, Money.Decimals) is { } mf
                    ? new MemberCommand(new AccountId(ma), new Money(mf)) : null;
            case 4 when type.SequenceEqual("sitg"u8):
                return Only(v, Field.Amount) && Scaled(v[Field.Amount], line, Money.Decimals) is { } sm
                    ? new SitgCommand(new Money(sm)) : null;
            case 7 when type.SequenceEqual("default"u8):
                return Only(v, Field.Account) && Name(v[Field.Account], line) is { } fa
                    ? new DefaultCommand(new AccountId(fa)) : null;
            default:
                return null; // config, market, or not a command type: the slow path
        }
    }

    /// <summary>Exactly the <paramref name="required"/> fields (besides <c>type</c>), plus any of <paramref name="optional"/>.</summary>
    private static bool Only(in Values v, Field required, Field optional = Field.None)
    {
        var req = required | Field.Type;
        return (v.Seen & req) == req && (v.Seen & ~(req | optional)) == 0;
    }

    private MarketId? Market(in Values v, ReadOnlySpan<byte> line) =>
        Name(v[Field.Market], line) is { } m ? new MarketId(m) : null;

    private string? Name(Slice s, ReadOnlySpan<byte> line)
    {
        if (s.Kind != Kind.String || s.Length == 0)
            return null;
        return _names.Intern(Bytes(s, line));
    }

    private decimal? Decimal(Slice s, ReadOnlySpan<byte> line) =>
        s.Kind is Kind.String or Kind.Number && Utf8Numbers.TryParseDecimal(Bytes(s, line), out var d) ? d : null;

    private long? Scaled(Slice s, ReadOnlySpan<byte> line, int decimals) =>
        s.Kind is Kind.String or Kind.Number && Utf8Numbers.TryParseScaled(Bytes(s, line), decimals, out var x) ? x : null;

    private ReadOnlySpan<byte> Bytes(Slice s, ReadOnlySpan<byte> line) =>
        s.InScratch ? _scratch.AsSpan(s.Start, s.Length) : line.Slice(s.Start, s.Length);

    /// <summary>A string value: a slice of the line, or its unescaped copy in the scratch buffer.</summary>
    private Slice StringSlice(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        if (!reader.ValueIsEscaped)
            return new Slice(false, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, Kind.String);
        int need = reader.ValueSpan.Length; // unescaping never makes it longer
        if (_scratch.Length - _scratchUsed < need)
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + need));
        int n = reader.CopyString(_scratch.AsSpan(_scratchUsed));
        var slice = new Slice(true, _scratchUsed, n, Kind.String);
        _scratchUsed += n;
        _ = line;
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
            JsonTokenType.String => StringSlice(ref reader, line),
            JsonTokenType.Number => new Slice(false, (int)reader.TokenStartIndex, reader.ValueSpan.Length, Kind.Number),
            _ => default,
        };
        return Decimal(s, line);
    }

    private static Field FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("type"u8) => Field.Type,
        4 when name.SequenceEqual("rate"u8) => Field.Rate,
        4 when name.SequenceEqual("bids"u8) => Field.Bids,
        4 when name.SequenceEqual("asks"u8) => Field.Asks,
        5 when name.SequenceEqual("buyer"u8) => Field.Buyer,
        5 when name.SequenceEqual("price"u8) => Field.Price,
        6 when name.SequenceEqual("market"u8) => Field.Market,
        6 when name.SequenceEqual("seller"u8) => Field.Seller,
        6 when name.SequenceEqual("amount"u8) => Field.Amount,
        7 when name.SequenceEqual("account"u8) => Field.Account,
        7 when name.SequenceEqual("enabled"u8) => Field.Enabled,
        8 when name.SequenceEqual("quantity"u8) => Field.Quantity,
        11 when name.SequenceEqual("defaultFund"u8) => Field.DefaultFund,
        _ => Field.None,
    };

    /// <summary>The fields of the command types the fast path reads, as bits of a set.</summary>
    [Flags]
    private enum Field
    {
        None = 0,
        Type = 1 << 0,
        Account = 1 << 1,
        Amount = 1 << 2,
        Market = 1 << 3,
        Buyer = 1 << 4,
        Seller = 1 << 5,
        Price = 1 << 6,
        Quantity = 1 << 7,
        Rate = 1 << 8,
        Bids = 1 << 9,
        Asks = 1 << 10,
        Enabled = 1 << 11,
        DefaultFund = 1 << 12,
    }

    private enum Kind : byte
    {
        None,
        String,
        Number,
        True,
        False,
    }

    /// <summary>Where a value is: in the line, or (unescaped) in the scratch buffer.</summary>
    private readonly record struct Slice(bool InScratch, int Start, int Length, Kind Kind);

    [InlineArray(13)]
    private struct Slots
    {
        private Slice _first;
    }

    /// <summary>The values of one line, one slot per field, and which fields were seen.</summary>
    private struct Values
    {
        public Field Seen;
        public List<(decimal, decimal)>? Bids, Asks;
        private Slots _slots;

        public Slice this[Field f]
        {
            readonly get => _slots[BitOperations.TrailingZeroCount((int)f)];
            set => _slots[BitOperations.TrailingZeroCount((int)f)] = value;
        }

        public readonly bool Is(Field f, Kind k) => this[f].Kind == k;

        public readonly Kind Kind(Field f) => this[f].Kind;
    }
}
