using System.CommandLine;
using HdrHistogram;
using SocialLoss.Benchmarking;
using Spectre.Console;
using static SocialLoss.Benchmarking.LoadTestResult;

namespace SocialLoss.Cli;

/// <summary>
/// <c>socialloss loadtest [--clients N] [--seconds S] [--batch B] [--accounts A] [--db FILE] [--json]</c>: binds the options,
/// runs <see cref="LoadTest"/> and renders its result.
/// </summary>
internal static class LoadTestCommand
{
    public static Command Create()
    {
        var clients = new Option<int>("--clients") { Description = $"Concurrent HTTP clients, each with its own connection (1..{LoadTest.MaxClients})", DefaultValueFactory = _ => 8 };
        var seconds = new Option<int>("--seconds") { Description = $"How long the clients submit after the warm-up (1..{LoadTest.MaxSeconds})", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of load before measuring (JIT, connections, SQLite cache); acknowledged and checked, not measured (0..60)", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Commands per request (1..50000); the service commits whatever is queued together besides", DefaultValueFactory = _ => 100 };
        var accounts = new Option<int>("--accounts") { Description = "Funded accounts the commands are spread over (2..1000000)", DefaultValueFactory = _ => 1_000 };
        var db = new Option<string?>("--db") { Description = "SQLite database for the journal; must not exist yet and is kept afterwards (default: a temporary file, deleted)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the command mix (client i uses seed + i)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the figures and checks as one JSON object" };
        var command = new Command("loadtest", """
            Load test of the clearing service, on loopback only and bounded in time. Starts the real service in-process
            on 127.0.0.1 (ephemeral port) with its journal on (SQLite WAL, synchronous=FULL, group commit), creates an
            operator key, lists BTC-PERP and funds the accounts; then N clients POST JSONL batches to /commands for S
            seconds: trades between funded accounts near the mark (85%), marks moving a tick or two (5%), deposits (7%),
            withdrawals (3%, one in ten too large and rejected). A request counts once the service answered it, i.e.
            once its commands are durable; throughput and latency count the answers that arrive within the S seconds.
            Prints commands acknowledged per second, requests per second, request latency (p50/p90/p99/p99.9/max),
            CPU time per command and GC pauses of the process (service and clients share it), rejected commands,
            and the journal's group commits (commands per commit) and commit latency from the service's /metrics.
            Then it stops the service, reopens the journal, replays it into a fresh engine and checks that the state
            hash equals the live service's and that the journal holds exactly the commands acknowledged.
            Exit code 0 when every check holds and no request failed, 1 otherwise, 2 for bad options. Progress on stderr.
            """)
        {
            clients, seconds, warmup, batch, accounts, db, seed, json,
        };
        command.SetAction((p, ct) => RunAsync(new LoadTestSettings(p.GetValue(clients), p.GetValue(seconds), p.GetValue(warmup), p.GetValue(batch),
            p.GetValue(accounts), p.GetValue(db), p.GetValue(seed)), p.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(LoadTestSettings s, bool json, CancellationToken ct)
    {
        if (LoadTest.Validate(s) is { } problem)
            throw CliError.Invalid(problem);

        try
        {
            var result = await LoadTest.RunAsync(s, m => Console.Error.WriteLine("loadtest: " + m), ct);
            if (json)
            {
                using var stdout = Console.OpenStandardOutput();
                result.WriteJson(stdout);
            }
            else
                PrintTable(result);
            if (!result.Passed)
                Console.Error.WriteLine("socialloss: load test FAILED its checks (see the correctness table)");
            return result.Passed ? 0 : 1;
        }
        catch (Exception e) when (LoadTest.CouldNotRun(e))
        {
            Console.Error.WriteLine($"socialloss: the load test could not run: {e.Message}");
            return 1;
        }
    }

    private static void PrintTable(LoadTestResult r)
    {
        var load = new Table().Title($"load test: {r.Clients} client(s) x {r.Batch} command(s) per request, {r.Accounts:N0} accounts, {r.Seconds} s (after {r.WarmupSeconds} s warm-up), journal synchronous=FULL")
            .AddColumns("", "value");
        load.AddRow("commands acknowledged (durable)", $"{F(r.Commands)} in {F(r.MeasuredSeconds, "F2")} s");
        load.AddRow("[bold]commands / s[/]", $"[bold]{F(r.CommandsPerSecond)}[/]");
        load.AddRow("requests / s", F(r.RequestsPerSecond));
        load.AddRow("request latency p50 / p90 / p99", $"{LatencyMs(r, 50)} / {LatencyMs(r, 90)} / [bold]{LatencyMs(r, 99)}[/] ms");
        load.AddRow("request latency p99.9 / max", $"{LatencyMs(r, 99.9)} / {F(Ms(r.Latency.GetMaxValue()), "F2")} ms");
        load.AddRow("CPU per command (service + clients)", $"{F(r.CpuMicrosecondsPerCommand, "N1")} µs ({F(r.CpuSeconds / Math.Max(r.MeasuredSeconds, 1e-9), "N2")} of {Environment.ProcessorCount} cores busy)");
        load.AddRow("GC pauses", $"{F(r.GcPauseSeconds * 1000, "N0")} ms ({r.Gen2Collections} full collections)");
        load.AddRow("rejected commands (by the engine)", F(r.Rejected));
        load.AddRow("failed requests", r.FailedRequests == 0 ? "0" : $"[red]{F(r.FailedRequests)}[/] ({Markup.Escape(r.FirstError ?? "")})");
        if (r.Journal is { } j)
        {
            load.AddRow("journal group commits", $"{F(j.Commits)} ({F(j.CommandsPerCommit, "N1")} commands each)");
            var p99 = j.CommitMsAtMost(99);
            load.AddRow("journal commit latency", $"mean {F(j.MeanCommitMs, "F2")} ms, p99 ≤ {(p99 is { } v ? F(v, "G") + " ms" : "—")}");
        }

        load.AddRow("target (≥ 50,000 commands/s, p99 ≤ 20 ms)", r.TargetMet ? "[green]met[/]" : "[yellow]not met on this machine[/]");
        AnsiConsole.Write(load);

        var checks = new Table().Title("correctness (journal reopened and replayed into a fresh engine)").AddColumns("check", "live service", "journal replay", "");
        checks.AddRow("commands", $"{F(r.AcknowledgedTotal)} acknowledged (position {F(r.LivePosition)})", $"{F(r.JournalRecords)} journaled", Verdict(r.CountsEqual));
        checks.AddRow("state hash", r.LiveStateHash.Length >= 16 ? r.LiveStateHash[..16] + "…" : r.LiveStateHash,
            r.ReplayStateHash.Length >= 16 ? r.ReplayStateHash[..16] + "…" : r.ReplayStateHash, Verdict(r.HashesEqual));
        checks.AddRow("rejected commands", $"{F(r.RejectedAnswered)} answered", $"{F(r.RejectedReplayed)} replayed", Verdict(r.RejectionsEqual));
        checks.AddRow("journal checksums", "", r.JournalClean ? "every record intact" : "[red]cut on reopen[/]", Verdict(r.JournalClean));
        AnsiConsole.Write(checks);
    }

    private static string LatencyMs(LoadTestResult r, double percentile) => F(Ms(r.Latency.GetValueAtPercentile(percentile)), "F2");

    private static string Verdict(bool ok) => ok ? "[green]equal[/]" : "[red]DIFFERENT[/]";
}
