using System.Text.Json;

namespace SocialLoss.Server;

/// <summary>
/// Finds the leader's engine through the local Patroni REST API: <c>GET /cluster</c> lists the members with their role
/// and tags, and each node's Patroni configuration tags it with its engine's URL (<c>tags: {engine: http://…}</c>, as
/// scripts/ha.sh writes it).
/// </summary>
public sealed class PatroniLeader(Uri patroni, HttpClient http)
{
    /// <summary>The engine URL of the member whose role is <c>leader</c>, or null when there is none or Patroni does not answer.</summary>
    public async Task<string?> EngineAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await using var body = await http.GetStreamAsync(new Uri(patroni, "cluster"), timeout.Token).ConfigureAwait(false);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token).ConfigureAwait(false);
            return Leader(doc.RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The engine tag of the leader in a Patroni <c>/cluster</c> document, or null.</summary>
    public static string? Leader(JsonElement cluster)
    {
        if (!cluster.TryGetProperty("members", out var members) || members.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var m in members.EnumerateArray())
        {
            if (m.TryGetProperty("role", out var role) && role.ValueEquals("leader")
                && m.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object
                && tags.TryGetProperty("engine", out var engine) && engine.ValueKind == JsonValueKind.String)
                return engine.GetString();
        }

        return null;
    }
}
