using System.Text;
using BenchmarkDotNet.Attributes;
using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Benchmarking;
using SocialLoss.Oracle;

namespace SocialLoss.Benchmarks;

/// <summary>
/// JSONL parsing of the crash workload's lines, per line: the UTF-8 fast path (pooled line buffer,
/// Utf8JsonReader, interned names) against the text path it replaced (a string per line, JsonDocument).
/// </summary>
[MemoryDiagnoser]
public class JsonlParseBenchmarks
{
    private const int Lines = 10_000;
    private string[] _lines = null!;
    private byte[] _file = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lines = CrashWorkload.Generate(new CrashWorkloadOptions(Accounts: 2_000, Commands: Lines)).Crash.Select(CrashWorkload.Jsonl).ToArray();
        _file = Encoding.UTF8.GetBytes(string.Join('\n', _lines) + "\n");
    }

    /// <summary>The text path from bytes, as the replay did: StreamReader.ReadLine, then CommandParser.Parse.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public int TextPath()
    {
        int n = 0;
        using var reader = new StreamReader(new MemoryStream(_file));
        string? line;
        while ((line = reader.ReadLine()) is not null)
            if (CommandParser.Parse(line) is not null)
                n++;
        return n;
    }

    /// <summary>The UTF-8 path: JsonlLineReader, then Utf8CommandParser (a fresh parser: its name table fills as it goes).</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int Utf8Path()
    {
        int n = 0;
        var parser = new Utf8CommandParser();
        using var lines = new JsonlLineReader(new MemoryStream(_file));
        while (lines.TryReadLine(out var line))
            if (parser.Parse(line) is not null)
                n++;
        return n;
    }

    private readonly Utf8CommandParser _warm = new();

    /// <summary>The UTF-8 path with every name already interned, as in a long stream that names the same accounts again and again.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int Utf8PathNamesSeen()
    {
        int n = 0;
        using var lines = new JsonlLineReader(new MemoryStream(_file));
        while (lines.TryReadLine(out var line))
            if (_warm.Parse(line) is not null)
                n++;
        return n;
    }
}

/// <summary>Writing events as JSON lines, per event: the UTF-8 writer into a pooled buffer against a string per event into a TextWriter.</summary>
[MemoryDiagnoser]
public class EventWriteBenchmarks
{
    private EngineEvent[] _events = null!;
    private ClearingEngine _engine = null!;
    private EventWriter _writer = null!;
    private StreamBufferWriter _buffer = null!;
    private StreamWriter _text = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The crash's events (marks, trades, funding payments, book updates, liquidations, ADL fills), in their proportions.
        (_engine, var workload, int line) = Populations.Crash(2_000, 4_000);
        var events = new List<EngineEvent>();
        foreach (var c in workload.Crash)
            events.AddRange(_engine.Execute(c, line++));
        _events = [.. events.Take(20_000)];
        _writer = new EventWriter(_engine.Ledger);
        _buffer = new StreamBufferWriter(Stream.Null);
        _text = new StreamWriter(Stream.Null, new UTF8Encoding(false), 64 * 1024) { NewLine = "\n" };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _buffer.Dispose();
        _text.Dispose();
    }

    /// <summary>As the replay did: Format to a string, WriteLine to a UTF-8 StreamWriter.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 20_000)]
    public void TextWriter()
    {
        foreach (var e in _events)
            _text.WriteLine(_writer.Format(e));
        _text.Flush();
    }

    /// <summary>The UTF-8 path: EventWriter.WriteLine into a pooled StreamBufferWriter.</summary>
    [Benchmark(OperationsPerInvoke = 20_000)]
    public void Utf8Writer()
    {
        foreach (var e in _events)
            _writer.WriteLine(e, _buffer);
        _buffer.Flush();
    }
}
