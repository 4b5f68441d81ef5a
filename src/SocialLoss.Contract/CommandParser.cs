using System.Text.Json;
using SocialLoss.Core.Commands;

namespace SocialLoss.Contract;

/// <summary>
/// Reads one JSONL command line of contract v1 against <see cref="CommandSchema"/>. A line that is not a valid
/// command (bad JSON, a lone surrogate, an unknown type, an unknown, repeated or missing field, a value of the
/// wrong form, an id outside <see cref="ContractIds"/>) is a <see cref="CommandFormatException"/> whose message
/// names the field and what was expected; rule checks (amounts, margins) belong to the engine.
/// </summary>
public static class CommandParser
{
    /// <summary>The command types of contract v1.</summary>
    public static IReadOnlyList<string> Types => CommandSchema.Types;

    /// <summary>True for lines the reader skips: blank, or starting with <c>//</c>.</summary>
    public static bool IsSkippable(string line)
    {
        var t = line.AsSpan().Trim();
        return t.IsEmpty || t.StartsWith("//");
    }

    /// <summary>Parses one line into a command, or throws <see cref="CommandFormatException"/>.</summary>
    public static Command Parse(string line)
    {
        if (LoneSurrogate(line) is { } at)
            throw new CommandFormatException($"invalid text: character {at + 1} is half of a UTF-16 surrogate pair (the line is not Unicode text)");
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
            throw new CommandFormatException($"expected a JSON object, got {JsonObjectReader.Describe(root)}");
        JsonObjectReader.CheckDuplicates(root, "");
        if (!root.TryGetProperty("type", out var typeEl))
            throw new CommandFormatException("missing field \"type\" (expected one of: " + string.Join(", ", Types) + ")", "type");
        if (typeEl.ValueKind != JsonValueKind.String)
            throw CommandFormatException.AtField("type", $"expected a string, got {JsonObjectReader.Describe(typeEl)}");
        var type = typeEl.GetString()!;
        if (CommandSchema.Find(type) is not { } shape)
            throw CommandFormatException.AtField("type", $"unknown command type \"{JsonObjectReader.Echo(type)}\" (expected one of: {string.Join(", ", Types)})");
        var o = new JsonObjectReader(root, shape.Shape);
        Command c;
        if (shape.Build is { } build)
        {
            var values = new CommandValues();
            for (int i = 1; i < shape.TimeIndex; i++)
                values[i] = o.Value(shape.Shape.Fields[i]);
            c = build(values);
        }
        else
            c = shape == CommandSchema.Config ? ConfigJson.Read(o) : MarketJson.Read(o);

        return o.OptionalTime("time") is { } time ? c with { Time = time } : c;
    }

    /// <summary>The index of a UTF-16 surrogate without its pair, or null: text decoded from bytes that were not UTF-8 (or built so).</summary>
    private static int? LoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (!char.IsSurrogate(s[i]))
                continue;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
            else
                return i;
        }

        return null;
    }

    private static string TrimJsonMessage(string m)
    {
        int i = m.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? m[..i] : m;
    }
}
