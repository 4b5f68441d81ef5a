using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialLoss.Server;

/// <summary>A contract-v1 event (README, "Events"): <c>seq</c>, <c>cmd</c>, <c>type</c> and the fields of that type.</summary>
/// <param name="Seq">The event's 1-based sequence number.</param>
/// <param name="Cmd">The journal position of the command that produced it.</param>
/// <param name="Type">The event type (deposited, traded, liquidated, deleveraged, clawback, rejected, ...).</param>
public sealed record ContractEvent(long Seq, long Cmd, string Type)
{
    /// <summary>The event's other fields, as the README's event list names them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; init; }
}
