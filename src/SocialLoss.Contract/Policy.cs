using System.Text.Json;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;

namespace SocialLoss.Contract;

/// <summary>
/// A named loss policy: a <c>config</c> command line of the contract. The engine's own parser reads it, so
/// any policy the engine accepts (a new ADL ranking, a new clawback method) can be named in the catalog or a
/// scenario file without touching <c>compare</c> or the simulator.
/// </summary>
/// <param name="Name">Short name shown in tables and charts (part of the public contract once in <see cref="PolicyCatalog"/>).</param>
/// <param name="ConfigLine">The <c>config</c> command, one JSON line.</param>
/// <param name="Description">What the policy does, in words.</param>
public sealed record Policy(string Name, string ConfigLine, string Description)
{
    /// <summary>
    /// A fair allocation (fair ADL, capped pro-rata, min-max, risk-aware clawbacks...) rather than a venue's
    /// production queue: the report sets the fair ones beside the production ones.
    /// </summary>
    public bool Fair { get; init; }

    /// <summary>The catalog name this one is another name of (same line), or null.</summary>
    public string? AliasOf { get; init; }

    /// <summary>The parsed <c>config</c> command (throws <see cref="CommandFormatException"/> when the engine does not accept it).</summary>
    public ConfigureCommand Command() =>
        CommandParser.Parse(ConfigLine) as ConfigureCommand
        ?? throw new CommandFormatException($"policy {Name}: expected a config command");

    /// <summary>
    /// The same policy on a venue whose close-out ladder has backstop accounts (Hyperliquid's HLP liquidator
    /// vault): <c>backstop</c> is put after <c>book</c> when the line has no backstop rung. The loss policy (ADL,
    /// waterfall) is unchanged; who takes a position before it is socialized belongs to the venue.
    /// </summary>
    public Policy WithBackstop()
    {
        var config = Command().Config;
        if (config.CloseOut.Contains(CloseOutStage.Backstop))
            return this;
        // edit the line itself rather than re-serializing the parsed config: every other field stays as written
        var line = System.Text.Json.Nodes.JsonNode.Parse(ConfigLine)!.AsObject();
        var ladder = new System.Text.Json.Nodes.JsonArray();
        foreach (var stage in config.CloseOut)
        {
            ladder.Add(WireNames.NameOf(WireNames.CloseOut, stage));
            if (stage == CloseOutStage.Book)
                ladder.Add(WireNames.NameOf(WireNames.CloseOut, CloseOutStage.Backstop));
        }

        line["closeout"] = ladder;
        return this with { ConfigLine = line.ToJsonString() };
    }

    /// <summary>A policy from a JSON object with the fields of the <c>config</c> command (without <c>type</c>).</summary>
    public static Policy FromConfigObject(string name, JsonElement config, string? description = null)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("type", "config");
            foreach (var p in config.EnumerateObject())
                if (p.Name != "type")
                    p.WriteTo(w);
            w.WriteEndObject();
        }

        return new Policy(name, System.Text.Encoding.UTF8.GetString(ms.ToArray()), description ?? "custom policy");
    }
}
