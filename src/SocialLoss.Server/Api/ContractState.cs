using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialLoss.Server;

/// <summary>The contract-v1 final state (README, "Final state"): accounts, markets, fund, deficit, totals and the state hash.</summary>
/// <param name="StateHash">SHA-256 of the canonical state.</param>
public sealed record ContractState(string StateHash)
{
    /// <summary>The state's other fields (accounts, markets, insuranceFund, deficit, totals, ...).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; init; }
}
