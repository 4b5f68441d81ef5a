using SocialLoss.Contract;
using SocialLoss.Storage;

namespace SocialLoss.Server.Tests;

/// <summary>
/// Journaling and execution are two pipeline stages: a request can be committed but not yet executed. A repeat
/// of such a request (same Idempotency-Key) must take its answer, not be journaled a second time.
/// </summary>
public sealed class ClearingServicePipelineTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("socialloss-pipeline-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static Task<SubmitOutcome> Submit(ClearingService svc, string[] lines, string? id, string hash) =>
        svc.SubmitAsync(lines, [.. lines.Select(CommandParser.Parse)], id, hash);

    [Fact]
    public async Task RepeatsOfARequestBeingCommitted_TakeItsAnswer_OrAConflict_AndItIsJournaledOnce()
    {
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim(false);
        int commits = 0;
        var options = new StoreOptions
        {
            BeforeCommit = () =>
            {
                if (Interlocked.Increment(ref commits) == 1)
                {
                    entered.Release();
                    release.Wait(TimeSpan.FromSeconds(30)); // hold the first commit open
                }
            },
        };
        using var store = SqliteStore.Open(Path.Combine(_dir, "p.db"), options);
        using var svc = new ClearingService(store);

        string[] deposit = ["""{"type":"deposit","account":"alice","amount":"10"}"""];
        var first = Submit(svc, deposit, "k1", "hash-a");
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)));
        // the first request is inside its commit: these queue behind it
        var repeat = Submit(svc, deposit, "k1", "hash-a");
        var reuse = Submit(svc, ["""{"type":"deposit","account":"alice","amount":"99"}"""], "k1", "hash-b");
        var other = Submit(svc, ["""{"type":"deposit","account":"bob","amount":"5"}"""], null, "");
        release.Set();

        var a = (await first).Value;
        var r = (await repeat).Value;
        Assert.False(a.Replayed);
        Assert.True(r.Replayed);
        Assert.Equal((a.First, a.Last), (r.First, r.Last));
        Assert.Equal(a.Events.Select(e => e.Json), r.Events.Select(e => e.Json));
        Assert.Equal(SubmitError.IdempotencyConflict, (await reuse).Error);
        var o = (await other).Value;
        Assert.Equal(a.Last + 1, o.First);

        Assert.Equal(2, store.Read().Count());
        Assert.Equal(2, svc.Position);
    }
}
