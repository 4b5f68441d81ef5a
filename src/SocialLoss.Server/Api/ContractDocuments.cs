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

/// <summary>The contract-v1 final state (README, "Final state"): accounts, markets, fund, deficit, totals and the state hash.</summary>
/// <param name="StateHash">SHA-256 of the canonical state.</param>
public sealed record ContractState(string StateHash)
{
    /// <summary>The state's other fields (accounts, markets, insuranceFund, deficit, totals, ...).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; init; }
}

/// <summary>The answer of <c>POST /commands</c>: the journal positions the request's commands took and their events.</summary>
/// <param name="First">Journal position of the request's first command.</param>
/// <param name="Last">Journal position of its last command.</param>
/// <param name="Replayed">True when this is the first answer to an earlier request with the same Idempotency-Key.</param>
/// <param name="Events">The events the commands produced (those still held in memory, for a replayed answer).</param>
public sealed record SubmitAnswer(long First, long Last, bool Replayed, IReadOnlyList<ContractEvent> Events);
