using System.Threading.RateLimiting;

namespace SocialLoss.Server;

/// <summary>
/// Budgets of commands per API key. The request rate limit alone let one account key journal 150,000 rejected
/// withdrawals in three requests (issue 12): what fills the journal and the event window is commands, so each key
/// has a token bucket of commands, charged for every command of a request before it is journaled (a command the
/// engine then rejects has cost the same journal record, so it counts), and an account key's request holds at most
/// <see cref="ServiceOptions.MaxCommandsPerAccountRequest"/> commands. Operator keys get a budget far above what the
/// service can journal, so it bounds only a runaway client.
/// </summary>
public sealed class CommandQuota : IDisposable
{
    private readonly ServiceOptions _options;
    private readonly PartitionedRateLimiter<Caller> _buckets;

    /// <summary>The budgets of <paramref name="options"/>.</summary>
    public CommandQuota(ServiceOptions options)
    {
        _options = options;
        _buckets = PartitionedRateLimiter.Create<Caller, string>(caller =>
        {
            var (rate, burst) = Budget(caller);
            // refilled about ten times a second (once a second below 10/s), so a budget is not spent in lumps
            int perPeriod = Math.Max(1, rate / 10);
            return RateLimitPartition.GetTokenBucketLimiter(caller.KeyHash, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = TimeSpan.FromSeconds((double)perPeriod / rate),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    }

    /// <summary>Most commands one request of <paramref name="caller"/> may hold.</summary>
    public int MaxPerRequest(Caller caller) =>
        caller.IsOperator ? _options.MaxCommandsPerRequest : Math.Min(_options.MaxCommandsPerAccountRequest, _options.MaxCommandsPerRequest);

    /// <summary>
    /// Commands per second <paramref name="caller"/>'s key may submit, and its burst (never below one full request, so
    /// a request within the size limit can always pass once the bucket is full).
    /// </summary>
    public (int Rate, int Burst) Budget(Caller caller)
    {
        var (rate, burst) = caller.IsOperator
            ? (_options.OperatorCommandsPerSecond, _options.OperatorCommandBurst)
            : (_options.AccountCommandsPerSecond, _options.AccountCommandBurst);
        rate = Math.Max(1, rate);
        return (rate, Math.Max(Math.Max(burst, rate), MaxPerRequest(caller)));
    }

    /// <summary>
    /// Takes <paramref name="commands"/> from <paramref name="caller"/>'s budget: null when they fit, otherwise how long
    /// to wait before the bucket holds them (nothing is taken then).
    /// </summary>
    public TimeSpan? TryTake(Caller caller, int commands)
    {
        using var lease = _buckets.AttemptAcquire(caller, commands);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>Stops the buckets' timers.</summary>
    public void Dispose() => _buckets.Dispose();
}
