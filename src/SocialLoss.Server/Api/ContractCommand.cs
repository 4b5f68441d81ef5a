using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialLoss.Server;

/// <summary>
/// A contract-v1 command (README, "Commands"): <c>type</c> and the fields of that type, numbers as decimal strings.
/// </summary>
/// <param name="Type">The command type: config, market, deposit, withdraw, trade, mark, funding, book, insurance, backstop, settle, member, sitg, default.</param>
public sealed record ContractCommand(string Type)
{
    /// <summary>The command's other fields, as the README's command table names them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; init; }
}
