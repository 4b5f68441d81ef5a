using System.Diagnostics;
using System.Text.Json;

namespace SocialLoss.Benchmarking;

/// <summary>What the failover test asks the engines over HTTP: <c>/health</c>, which one is primary, <c>/state</c>'s hash; and bounded polling.</summary>
internal static class PairProbe
{
    /// <summary>The first engine whose <c>/health</c> says primary and ok, polled until the deadline (null then).</summary>
    public static async Task<string?> PrimaryAsync(HttpClient admin, IReadOnlyList<string> urls, Stopwatch clock, TimeSpan deadline)
    {
        while (clock.Elapsed < deadline)
        {
            foreach (var url in urls)
            {
                try
                {
                    var h = await HealthAsync(admin, url).ConfigureAwait(false);
                    if (h.TryGetProperty("role", out var r) && r.GetString() == "primary" && h.TryGetProperty("status", out var st) && st.GetString() == "ok")
                        return url;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    // down: try the next one
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>An engine's <c>/health</c> document (any status code).</summary>
    public static async Task<JsonElement> HealthAsync(HttpClient admin, string url)
    {
        using var response = await admin.GetAsync(url.TrimEnd('/') + "/health").ConfigureAwait(false);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
        return doc.RootElement.Clone();
    }

    /// <summary>The <c>stateHash</c> of an engine's <c>/state</c>.</summary>
    public static async Task<string> StateHashAsync(HttpClient admin, string url)
    {
        using var doc = JsonDocument.Parse(await admin.GetByteArrayAsync(url.TrimEnd('/') + "/state").ConfigureAwait(false));
        return doc.RootElement.GetProperty("stateHash").GetString() ?? "";
    }

    /// <summary>A whole-number field of a <c>/health</c> document, or −1.</summary>
    public static long Position(JsonElement health, string field) =>
        health.ValueKind == JsonValueKind.Object && health.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : -1;

    /// <summary>The index of <paramref name="url"/> among the engines (trailing slashes ignored).</summary>
    public static int IndexOf(IReadOnlyList<string> urls, string url)
    {
        for (int i = 0; i < urls.Count; i++)
            if (urls[i].TrimEnd('/') == url.TrimEnd('/'))
                return i;
        throw new InvalidOperationException($"{url} is not one of the engines");
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds (true) or the deadline passes (false); a node that does not answer counts as not yet.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, Stopwatch clock, TimeSpan deadline)
    {
        while (clock.Elapsed < deadline)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                    return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                // not up yet
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return false;
    }
}
