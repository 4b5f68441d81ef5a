using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SocialLoss.Benchmarking;

/// <summary>
/// A client of a replicated pair: posts a batch to the node it believes leads and, until the batch is acknowledged,
/// retries it with the same Idempotency-Key: on a standby's 503 at the node its <c>Leader</c> header names, on a dead
/// node, a fenced one or a 503 without a leader (a failover under way) at the next node after a short pause. A retry
/// of a batch that was journaled after all gets the first answer back (<c>Idempotent-Replayed</c>), never a second
/// application.
/// </summary>
internal sealed class LeaderFollowingClient : IDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);
    private readonly IReadOnlyList<string> _urls;
    private readonly HttpClient _http;
    private string _current;

    /// <summary>A client over <paramref name="urls"/> (engine base URLs), starting at <paramref name="start"/>, sending <paramref name="key"/>.</summary>
    public LeaderFollowingClient(IReadOnlyList<string> urls, string key, string start)
    {
        _urls = [.. urls.Select(u => u.TrimEnd('/'))];
        _current = start.TrimEnd('/');
        var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    /// <summary>Attempts that did not get an acknowledgement (each followed by a retry).</summary>
    public long Retries { get; private set; }

    /// <summary>
    /// Posts <paramref name="lines"/> under <paramref name="key"/> until acknowledged (returns the acknowledgement, timed on
    /// <paramref name="clock"/>) or until <paramref name="deadline"/> on it passes (null). Throws on an answer that no
    /// retry can change (400, 401, 403, 413, 422): the test itself is wrong then.
    /// </summary>
    public async Task<AcknowledgedRequest?> SubmitAsync(string key, IReadOnlyList<string> lines, Stopwatch clock, TimeSpan deadline)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        while (clock.Elapsed < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _current + "/commands") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            request.Headers.Add("Idempotency-Key", key);
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.SendAsync(request).ConfigureAwait(false);
                var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var (first, last) = Positions(answer);
                    bool replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var r) && r.Contains("true");
                    return new AcknowledgedRequest(key, lines, first, last, clock.Elapsed.TotalSeconds, Stopwatch.GetElapsedTime(t0).Ticks / 10, replayed);
                }

                if ((int)response.StatusCode is 400 or 401 or 403 or 413 or 422)
                    throw new InvalidOperationException($"{_current}: HTTP {(int)response.StatusCode} for {key}: {Encoding.UTF8.GetString(answer)}");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable
                    && response.Headers.TryGetValues("Leader", out var leader) && leader.FirstOrDefault() is { Length: > 0 } l && l.TrimEnd('/') != _current)
                {
                    _current = l.TrimEnd('/');
                    Retries++;
                    continue;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // a dead node (connection refused or reset) or an answer that never came: the batch may or may not be
                // journaled, which the retry with the same key settles
            }

            Retries++;
            _current = Next(_current);
            await Task.Delay(Pause).ConfigureAwait(false);
        }

        return null;
    }

    private string Next(string url)
    {
        int i = _urls.ToList().IndexOf(url);
        return _urls[(i + 1) % _urls.Count];
    }

    private static (long First, long Last) Positions(byte[] answer)
    {
        using var doc = JsonDocument.Parse(answer);
        return (doc.RootElement.GetProperty("first").GetInt64(), doc.RootElement.GetProperty("last").GetInt64());
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _http.Dispose();
}
