namespace SocialLoss.Benchmarking;

/// <summary>
/// One request the service acknowledged: the lines sent, the journal positions its answer gave, when the answer came
/// (seconds into the test), how long the acknowledged attempt took, and whether it was a replay of an earlier attempt's answer.
/// </summary>
internal sealed record AcknowledgedRequest(string Key, IReadOnlyList<string> Lines, long First, long Last, double AtSeconds, long LatencyMicros, bool Replayed);
