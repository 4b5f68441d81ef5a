using System.Diagnostics;
using System.Text;
using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using CoreCommand = SocialLoss.Core.Commands.Command;

namespace SocialLoss.Benchmarking;

/// <summary>
/// The end-to-end part of <c>socialloss bench</c>: the workload as a JSONL file (set-up, the population's fills as
/// trades, the crash), replayed from the file with its events written to a file, through the UTF-8 path
/// (<see cref="Replay.Run(Stream, Stream?, bool, Action{int}?)"/>) and the text path it replaced (a string per line,
/// <see cref="CommandParser"/>'s JsonDocument, a string per event); then where the time goes: read + parse alone,
/// the engine, and writing the events.
/// </summary>
internal static class EndToEndBench
{
    /// <summary>The figures of one end-to-end run.</summary>
    internal sealed class Result
    {
        public long Lines { get; set; }
        public long InputBytes { get; set; }
        public long Events { get; set; }
        public long OutputBytes { get; set; }
        public double FastSeconds { get; set; }
        public double NaiveSeconds { get; set; }
        public long SlowPathLines { get; set; }
        public bool EventsIdentical { get; set; }
        public bool HashesIdentical { get; set; }
        public double ParseSeconds { get; set; }
        public double NaiveParseSeconds { get; set; }
        public long ParseAllocatedBytes { get; set; }
        public long NaiveParseAllocatedBytes { get; set; }
        public double EngineSeconds { get; set; }
        public double WriteSeconds { get; set; }
        public double NaiveWriteSeconds { get; set; }
        public long WriteAllocatedBytes { get; set; }
        public long NaiveWriteAllocatedBytes { get; set; }
        public SortedDictionary<string, (long Count, double Seconds, long Events)> EngineByType { get; } = new(StringComparer.Ordinal);
        public double LinesPerSecond => Lines / FastSeconds;
        public double NaiveLinesPerSecond => Lines / NaiveSeconds;
        public double MegabytesPerSecond => InputBytes / 1e6 / FastSeconds;
        public double NaiveMegabytesPerSecond => InputBytes / 1e6 / NaiveSeconds;

        /// <summary>The steady trade/mark workload (<see cref="TradeMarkWorkload"/>) replayed the same way; null when not run.</summary>
        public TradeMarkResult? TradeMark { get; set; }
    }

    /// <summary>
    /// The figures of the trade/mark end to end: the population's set-up and fills (not timed), then the steady lines,
    /// timed from the first of them to the last event written.
    /// </summary>
    internal sealed class TradeMarkResult
    {
        public long SetupLines { get; set; }
        public long Lines { get; set; }
        public long Trades { get; set; }
        public long Marks { get; set; }
        public long Events { get; set; }
        public long Rejected { get; set; }
        public long Liquidations { get; set; }
        public long InputBytes { get; set; }
        public double Seconds { get; set; }
        public double ParseSeconds { get; set; }
        public double LinesPerSecond => Lines / Seconds;
    }

    public static Result Run(CrashWorkload workload, Action<string> progress)
    {
        var dir = Directory.CreateTempSubdirectory("socialloss-bench-");
        try
        {
            var input = Path.Combine(dir.FullName, "commands.jsonl");
            var result = new Result();
            using (var w = new StreamWriter(input, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
                foreach (var line in workload.ToJsonl())
                {
                    w.WriteLine(line);
                    result.Lines++;
                }

            result.InputBytes = new FileInfo(input).Length;
            progress($"end to end: {result.Lines:N0} lines ({result.InputBytes / 1e6:N1} MB) in {input}");

            var fastEvents = Path.Combine(dir.FullName, "events-fast.jsonl");
            var naiveEvents = Path.Combine(dir.FullName, "events-naive.jsonl");
            // Twice each, alternating, best of two: the first run also pays for the JIT and the page cache.
            double fastSeconds = double.MaxValue, naiveSeconds = double.MaxValue;
            string fastHash = "", naiveHash = "";
            ReplayOutcome fastOutcome = ReplayOutcome.Completed, naiveOutcome = ReplayOutcome.Completed;
            for (int round = 0; round < 2; round++)
            {
                var (fs, fh, fo) = Timed(() =>
                {
                    var replay = new Replay();
                    using var i = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                    using var o = new FileStream(fastEvents, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
                    return (replay.Run(i, o), replay);
                });
                progress($"end to end: UTF-8 path {fs:F2} s ({result.Lines / fs:N0} lines/s)");
                var (ns, nh, no) = Timed(() =>
                {
                    var replay = new Replay();
                    using var i = new StreamReader(input);
                    using var o = new StreamWriter(naiveEvents) { NewLine = "\n" };
                    return (replay.Run(i, o), replay);
                });
                progress($"end to end: text path {ns:F2} s ({result.Lines / ns:N0} lines/s)");
                (fastSeconds, fastHash, fastOutcome) = (Math.Min(fastSeconds, fs), fh, fo);
                (naiveSeconds, naiveHash, naiveOutcome) = (Math.Min(naiveSeconds, ns), nh, no);
            }

            result.FastSeconds = fastSeconds;
            result.NaiveSeconds = naiveSeconds;
            if (fastOutcome != ReplayOutcome.Completed || naiveOutcome != ReplayOutcome.Completed)
                throw new InvalidOperationException($"the workload did not replay: {fastOutcome}, {naiveOutcome}");
            result.HashesIdentical = fastHash == naiveHash;
            result.OutputBytes = new FileInfo(fastEvents).Length;
            result.EventsIdentical = SameBytes(fastEvents, naiveEvents);
            File.Delete(naiveEvents);

            ParseAlone(input, result);
            progress($"end to end: parse alone {result.ParseSeconds:F2} s, text parser {result.NaiveParseSeconds:F2} s");
            Breakdown(input, fastEvents, naiveEvents, result);
            progress($"end to end: engine {result.EngineSeconds:F2} s, writing events {result.WriteSeconds:F2} s (text writer {result.NaiveWriteSeconds:F2} s)");
            File.Delete(input);
            File.Delete(fastEvents);
            File.Delete(naiveEvents);
            result.TradeMark = RunTradeMark(workload, dir.FullName, progress);
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The trade/mark workload through the UTF-8 replay path (file in, events file out), best of two: the set-up and the
    /// population's fills as trades first, then <see cref="TradeMarkWorkload.Steady"/>'s lines, timed from the first of them.
    /// </summary>
    private static TradeMarkResult RunTradeMark(CrashWorkload workload, string dir, Action<string> progress)
    {
        var input = Path.Combine(dir, "trade-mark.jsonl");
        var events = Path.Combine(dir, "trade-mark-events.jsonl");
        var result = new TradeMarkResult();
        int accounts = workload.Options.Accounts;
        using (var w = new StreamWriter(input, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
        {
            foreach (var c in workload.Setup)
            {
                w.WriteLine(CrashWorkload.Jsonl(c));
                result.SetupLines++;
            }

            foreach (var f in workload.Fills)
            {
                w.WriteLine(CrashWorkload.Jsonl(WorkloadDriver.Trade(f)));
                result.SetupLines++;
            }

            foreach (var c in TradeMarkWorkload.Steady(accounts, Math.Max(50_000, 4 * accounts), workload.Options.Seed))
            {
                w.WriteLine(CrashWorkload.Jsonl(c));
                result.Lines++;
                if (c is SocialLoss.Core.Commands.TradeCommand)
                    result.Trades++;
                else
                    result.Marks++;
            }
        }

        result.InputBytes = new FileInfo(input).Length;
        progress($"end to end, trade/mark: {result.SetupLines:N0} set-up lines, then {result.Lines:N0} trade and mark lines");
        long setup = result.SetupLines;
        result.Seconds = double.MaxValue;
        for (int round = 0; round < 2; round++)
        {
            Collect();
            long started = 0;
            var replay = new Replay();
            ReplayOutcome outcome;
            using (var i = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            using (var o = new FileStream(events, FileMode.Create, FileAccess.Write, FileShare.Read, 1))
                outcome = replay.Run(i, o, progress: n =>
                {
                    if (n == setup)
                        started = Stopwatch.GetTimestamp(); // the set-up's last line is executed and its events written
                });
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (outcome != ReplayOutcome.Completed || started == 0)
                throw new InvalidOperationException($"the trade/mark workload did not replay: {outcome} {replay.Error}");
            progress($"end to end, trade/mark: {seconds:F2} s ({result.Lines / seconds:N0} lines/s)");
            result.Seconds = Math.Min(result.Seconds, seconds);
        }

        // What the steady lines produced: their events carry a "cmd" past the set-up's lines.
        using (var r = new StreamReader(events))
        {
            string? e;
            while ((e = r.ReadLine()) is not null)
            {
                int at = e.IndexOf("\"cmd\":", StringComparison.Ordinal) + 6;
                int end = e.IndexOf(',', at);
                if (at < 6 || end < 0 || long.Parse(e.AsSpan(at, end - at), System.Globalization.CultureInfo.InvariantCulture) <= setup)
                    continue;
                result.Events++;
                if (e.Contains("\"type\":\"rejected\"", StringComparison.Ordinal))
                    result.Rejected++;
                else if (e.Contains("\"type\":\"liquidated\"", StringComparison.Ordinal))
                    result.Liquidations++;
            }
        }

        File.Delete(events);

        // Reading and parsing the steady lines alone, for the share the engine and the writer add.
        var parser = new Utf8CommandParser();
        Collect();
        var sw = new Stopwatch();
        using (var i = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        using (var lines = new JsonlLineReader(i))
        {
            long n = 0;
            while (lines.TryReadLine(out var l))
            {
                if (++n == setup + 1)
                    sw.Start();
                if (!Utf8CommandParser.IsSkippable(l))
                    _ = parser.Parse(l);
            }
        }

        result.ParseSeconds = sw.Elapsed.TotalSeconds;
        File.Delete(input);
        return result;
    }

    private static (double Seconds, string Hash, ReplayOutcome Outcome) Timed(Func<(ReplayOutcome, Replay)> run)
    {
        Collect();
        var sw = Stopwatch.StartNew();
        var (outcome, replay) = run();
        double seconds = sw.Elapsed.TotalSeconds;
        return (seconds, StateHash.Compute(replay.Engine.Ledger), outcome);
    }

    /// <summary>Reading and parsing the file with no engine: the UTF-8 parser, then the text one; time and bytes allocated.</summary>
    private static void ParseAlone(string input, Result result)
    {
        ParseFast(input); // warm-up
        Collect();
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        result.SlowPathLines = ParseFast(input);
        result.ParseSeconds = sw.Elapsed.TotalSeconds;
        result.ParseAllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - a0;

        Collect();
        a0 = GC.GetAllocatedBytesForCurrentThread();
        sw.Restart();
        using (var r = new StreamReader(input))
        {
            string? line;
            while ((line = r.ReadLine()) is not null)
                if (!CommandParser.IsSkippable(line))
                    _ = CommandParser.Parse(line);
        }

        result.NaiveParseSeconds = sw.Elapsed.TotalSeconds;
        result.NaiveParseAllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - a0;
    }

    /// <summary>Reads and parses the file through the UTF-8 path; returns the lines the slow parser decided.</summary>
    private static long ParseFast(string input)
    {
        var parser = new Utf8CommandParser();
        using var i = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var lines = new JsonlLineReader(i);
        while (lines.TryReadLine(out var line))
            if (!Utf8CommandParser.IsSkippable(line))
                _ = parser.Parse(line);
        return parser.SlowLines;
    }

    /// <summary>
    /// One instrumented pass: the commands parsed up front (not timed), then per command the engine and the event
    /// writing timed apart: the UTF-8 writer into one file, the text writer (a string per event) into another.
    /// </summary>
    private static void Breakdown(string input, string fastEvents, string naiveEvents, Result result)
    {
        var commands = new List<(CoreCommand Command, int Line)>();
        var parser = new Utf8CommandParser();
        using (var i = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        using (var lines = new JsonlLineReader(i))
        {
            int n = 0;
            while (lines.TryReadLine(out var line))
            {
                n++;
                if (!Utf8CommandParser.IsSkippable(line))
                    commands.Add((parser.Parse(line), n));
            }
        }

        Collect();
        var engine = new ClearingEngine();
        var fastWriter = new EventWriter(engine.Ledger);
        var naiveWriter = new EventWriter(engine.Ledger);
        long engineTicks = 0, writeTicks = 0, naiveTicks = 0, writeBytes = 0, naiveBytes = 0;
        var byType = new Dictionary<Type, (long Count, long Ticks, long Events)>();
        using (var fastFile = new FileStream(fastEvents, FileMode.Create, FileAccess.Write, FileShare.Read, 1))
        using (var naiveFile = new StreamWriter(naiveEvents) { NewLine = "\n" })
        {
            using (var output = new StreamBufferWriter(fastFile))
            {
                foreach (var (command, line) in commands)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    var events = engine.Execute(command, line);
                    long t1 = Stopwatch.GetTimestamp();
                    long a1 = GC.GetAllocatedBytesForCurrentThread();
                    foreach (var e in events)
                        fastWriter.WriteLine(e, output);
                    long t2 = Stopwatch.GetTimestamp();
                    long a2 = GC.GetAllocatedBytesForCurrentThread();
                    foreach (var e in events)
                        naiveFile.WriteLine(naiveWriter.Format(e));
                    long t3 = Stopwatch.GetTimestamp();
                    long a3 = GC.GetAllocatedBytesForCurrentThread();
                    engineTicks += t1 - t0;
                    var (count, ticks, produced) = byType.GetValueOrDefault(command.GetType());
                    byType[command.GetType()] = (count + 1, ticks + (t1 - t0), produced + events.Count);
                    writeTicks += t2 - t1;
                    naiveTicks += t3 - t2;
                    writeBytes += a2 - a1;
                    naiveBytes += a3 - a2;
                    result.Events += events.Count;
                }
            }
        }

        result.EngineSeconds = engineTicks / (double)Stopwatch.Frequency;
        foreach (var (type, (count, ticks, produced)) in byType)
            result.EngineByType[type.Name.Replace("Command", "", StringComparison.Ordinal).ToLowerInvariant()] = (count, ticks / (double)Stopwatch.Frequency, produced);
        result.WriteSeconds = writeTicks / (double)Stopwatch.Frequency;
        result.NaiveWriteSeconds = naiveTicks / (double)Stopwatch.Frequency;
        result.WriteAllocatedBytes = writeBytes;
        result.NaiveWriteAllocatedBytes = naiveBytes;
    }

    private static bool SameBytes(string a, string b)
    {
        using var x = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var y = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (x.Length != y.Length)
            return false;
        var bx = new byte[1 << 16];
        var by = new byte[1 << 16];
        int n;
        while ((n = x.ReadAtLeast(bx, bx.Length, throwOnEndOfStream: false)) > 0)
        {
            y.ReadExactly(by, 0, n);
            if (!bx.AsSpan(0, n).SequenceEqual(by.AsSpan(0, n)))
                return false;
        }

        return true;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
