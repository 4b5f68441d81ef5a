using SocialLoss.Storage;

namespace SocialLoss.Server;

/// <summary>
/// Requests known by their idempotency key: those executed (from the journal's request table and since) and those still
/// in the pipeline, so a repeat is answered from the first request instead of being journaled again.
/// </summary>
internal sealed class IdempotencyIndex
{
    private const string ConflictMessage = "this Idempotency-Key was used with a different body";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RequestEntry> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingRequest> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Adds the requests the journal records as executed.</summary>
    public void Load(IEnumerable<RequestEntry> entries)
    {
        lock (_gate)
            foreach (var r in entries)
                _done[r.RequestId] = r;
    }

    /// <summary>
    /// Sorts a batch: new requests (to journal, now in flight) are returned; repeats of executed requests are answered from
    /// the first answer by <paramref name="answerRepeat"/>; repeats of requests in flight take that request's answer.
    /// </summary>
    public List<PendingRequest> Admit(List<PendingRequest> batch, Func<PendingRequest, RequestEntry, SubmitOutcome> answerRepeat)
    {
        var fresh = new List<PendingRequest>(batch.Count);
        var known = new List<(PendingRequest Request, RequestEntry Entry)>();
        lock (_gate)
        {
            foreach (var p in batch)
            {
                if (p.RequestId is { } id)
                {
                    if (_done.TryGetValue(id, out var entry))
                    {
                        known.Add((p, entry));
                        continue;
                    }

                    if (_inFlight.TryGetValue(id, out var original))
                    {
                        Follow(p, original);
                        continue;
                    }

                    _inFlight[id] = p;
                }

                fresh.Add(p);
            }
        }

        foreach (var (p, entry) in known)
            p.Done.TrySetResult(entry.BodyHash == p.BodyHash ? answerRepeat(p, entry) : SubmitOutcome.Fail(SubmitError.IdempotencyConflict, ConflictMessage));
        return fresh;
    }

    /// <summary>Records executed requests (they leave the in-flight set).</summary>
    public void Complete(IReadOnlyList<(PendingRequest Request, SubmitResult Result)> executed)
    {
        lock (_gate)
        {
            foreach (var (p, r) in executed)
            {
                if (p.RequestId is { } id)
                {
                    _done[id] = new RequestEntry(id, p.BodyHash, r.First, r.Last);
                    _inFlight.Remove(id);
                }
            }
        }
    }

    /// <summary>Forgets requests that failed, so a retry is journaled afresh.</summary>
    public void Forget(IEnumerable<PendingRequest> failed)
    {
        lock (_gate)
            foreach (var p in failed)
                if (p.RequestId is { } id)
                    _inFlight.Remove(id);
    }

    /// <summary>A repeat of a request still in the pipeline gets that request's answer (or its failure) once there is one.</summary>
    private static void Follow(PendingRequest repeat, PendingRequest original) =>
        original.Done.Task.ContinueWith(t =>
        {
            var first = t.Result;
            repeat.Done.TrySetResult(first.Result is not { } r ? first
                : repeat.BodyHash != original.BodyHash ? SubmitOutcome.Fail(SubmitError.IdempotencyConflict, ConflictMessage)
                : SubmitOutcome.Ok(r with { Replayed = true }));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
