using System.CommandLine;
using SocialLoss.Benchmarking;

namespace SocialLoss.Cli;

/// <summary>
/// <c>socialloss failover-test --urls U1,U2 --dbs DB1|DB2 --key-file F --kill HOOK --restart HOOK --pause HOOK --resume HOOK</c>:
/// the failover test of a replicated pair (run by <c>scripts/ha.sh test</c>, which supplies the hooks).
/// </summary>
internal static class FailoverTestCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "The engines' base URLs, separated by ',' (http://127.0.0.1:16101,http://127.0.0.1:16102)", Required = true };
        var dbs = new Option<string>("--dbs") { Description = "Each engine's database (same order), separated by '|': the new primary's journal is audited", Required = true };
        var keyFile = new Option<string>("--key-file") { Description = "A file holding an operator API key", Required = true };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients (1..64)", DefaultValueFactory = _ => 4 };
        var batches = new Option<int>("--batches") { Description = "Batches each client submits; the primary is killed when half of all are acknowledged (2..10000)", DefaultValueFactory = _ => 60 };
        var batch = new Option<int>("--batch") { Description = "Commands per batch, an even number (2..10000)", DefaultValueFactory = _ => 50 };
        var kill = new Option<string>("--kill") { Description = "Shell command that kills an engine's node with kill -9 (the engine URL is appended)", Required = true };
        var restart = new Option<string>("--restart") { Description = "Shell command that starts it again and returns once it serves as a standby (URL appended)", Required = true };
        var pause = new Option<string>("--pause") { Description = "Shell command that pauses a standby's WAL replay (URL appended)", Required = true };
        var resume = new Option<string>("--resume") { Description = "Shell command that resumes it (URL appended)", Required = true };
        var switchover = new Option<string>("--switchover") { Description = "Shell command that makes Patroni move the leader away from an engine's node and returns once the other leads (URL appended)", Required = true };
        var restartEngine = new Option<string>("--restart-engine") { Description = "Shell command that restarts one engine (URL appended)", Required = true };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the whole test may take (10..3600)", DefaultValueFactory = _ => 300 };
        var command = new Command("failover-test", """
            Failover test of a replicated pair (see scripts/ha.sh test). Clients submit batches with idempotency keys to
            whichever engine is primary, following the Leader header of a standby's 503 and retrying with the same key;
            when half the batches are acknowledged the primary's node is killed (--kill) with requests in flight. Then the
            killed node is started again (--restart), the standby's WAL replay is paused under load and resumed (--pause,
            --resume), Patroni switches the leader back (--switchover): the demoted primary's engine must fence itself and,
            restarted (--restart-engine), rejoin as a standby; then the new primary's journal is audited: every acknowledged command exactly once at the position
            its answer named, nothing applied twice, every engine's state hash equal to a single-process replay of the
            journal, the killed node rejoined, the paused standby caught up. Progress on stderr; the last line of stdout is
            one JSON object: acknowledged, lost, duplicated, failoverSeconds, hashesEqual, rejoined, partitionCaughtUp,
            steppedDown, and
            the pair's throughput, p50/p99 and standby lag before the kill. Exit 0 when every check holds, 1 otherwise,
            2 for bad options.
            """)
        {
            urls, dbs, keyFile, clients, batches, batch, kill, restart, pause, resume, switchover, restartEngine, timeout,
        };
        command.SetAction(async (p, ct) =>
        {
            var urlList = p.GetValue(urls)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var dbList = p.GetValue(dbs)!.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string? problem = FailoverTest.Validate(urlList, dbList, p.GetValue(keyFile)!, p.GetValue(clients), p.GetValue(batches), p.GetValue(batch), p.GetValue(timeout));
            if (problem is not null)
                throw CliError.Invalid(problem);

            var settings = new FailoverSettings(urlList, dbList, File.ReadAllText(p.GetValue(keyFile)!).Trim(), p.GetValue(clients), p.GetValue(batches), p.GetValue(batch),
                p.GetValue(kill)!, p.GetValue(restart)!, p.GetValue(pause)!, p.GetValue(resume)!, p.GetValue(switchover)!, p.GetValue(restartEngine)!, p.GetValue(timeout));
            var result = await FailoverTest.RunAsync(settings, m => Console.Error.WriteLine("failover-test: " + m));
            Console.WriteLine(result.ToJsonLine());
            return result.Passed ? 0 : 1;
        });
        return command;
    }
}
