using System.Buffers;
using System.Globalization;
using System.Text;

namespace SocialLoss.Benchmarking;

/// <summary>
/// The command mix of <c>socialloss loadtest</c>, as contract-v1 JSON lines: one market around 100.0, funded
/// accounts trading small sizes near the mark, marks that move a tick or two, small deposits and withdrawals,
/// and now and then a withdrawal too large to pay (rejected by the engine, so the rejected path is exercised
/// and counted). Sizes stay small against the funding so that nobody is liquidated: the test measures the
/// service's steady path, not a crash.
/// </summary>
internal sealed class LoadWorkload
{
    /// <summary>The one market of the test.</summary>
    public const string Market = "BTC-PERP";

    /// <summary>What every account is funded with before the load starts.</summary>
    public const int Funding = 10_000;

    private const int CenterTicks = 1_000; // 100.0 at tick 0.1
    private const int MaxDriftTicks = 10; // marks stay within 99.0 .. 101.0
    private readonly Random _random;
    private readonly int _accounts;
    private readonly ArrayBufferWriter<byte> _body = new(64 * 1024);
    private int _markTicks = CenterTicks;

    /// <summary>A generator over accounts <c>0 .. accounts-1</c>, seeded so that a client's stream is reproducible.</summary>
    public LoadWorkload(int accounts, int seed)
    {
        _accounts = accounts;
        _random = new Random(seed);
    }

    /// <summary>The name of account <paramref name="i"/>.</summary>
    public static string Account(int i) => "a" + i.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The set-up lines: the market and its first mark (the funding is <see cref="Deposits"/>).</summary>
    public static IReadOnlyList<string> Setup() =>
    [
        $$"""{"type":"market","market":"{{Market}}","tickSize":"0.1","lotSize":"0.001","initialMargin":"0.1","maintenanceMargin":"0.05","liquidationFee":"0.01"}""",
        $$"""{"type":"insurance","amount":"100000"}""",
        $$"""{"type":"mark","market":"{{Market}}","price":"100.0"}""",
    ];

    /// <summary>Deposits of <see cref="Funding"/> for accounts <paramref name="from"/> up to (not including) <paramref name="to"/>, as one JSONL body.</summary>
    public static string Deposits(int from, int to)
    {
        var sb = new StringBuilder((to - from) * 60);
        for (int i = from; i < to; i++)
            sb.Append("{\"type\":\"deposit\",\"account\":\"").Append(Account(i)).Append("\",\"amount\":\"").Append(Funding).Append("\"}\n");
        return sb.ToString();
    }

    /// <summary>
    /// The next <paramref name="count"/> commands as one JSONL body of UTF-8 bytes (each line ends in <c>\n</c>). The
    /// bytes are written directly and the buffer is reused: valid until the next call. The clients share the process
    /// with the service, so what they spend per command is counted against it.
    /// </summary>
    public ReadOnlyMemory<byte> Next(int count)
    {
        _body.ResetWrittenCount();
        for (int i = 0; i < count; i++)
        {
            int kind = _random.Next(100);
            if (kind < 85)
                Trade();
            else if (kind < 90)
                Mark();
            else if (kind < 97)
                Cash("{\"type\":\"deposit\",\"account\":\""u8, 1 + _random.Next(20));
            else if (_random.Next(10) == 0)
                Cash("{\"type\":\"withdraw\",\"account\":\""u8, 1_000_000); // more than anyone has: rejected
            else
                Cash("{\"type\":\"withdraw\",\"account\":\""u8, 1 + _random.Next(10));
            Put("\n"u8);
        }

        return _body.WrittenMemory;
    }

    private void Trade()
    {
        int buyer = _random.Next(_accounts);
        int seller = _random.Next(_accounts - 1);
        if (seller >= buyer)
            seller++;
        int price = _markTicks + _random.Next(-3, 4);
        int lots = 1 + _random.Next(100);
        Put("{\"type\":\"trade\",\"market\":\""u8);
        Put(MarketUtf8);
        Put("\",\"buyer\":\""u8);
        AccountName(buyer);
        Put("\",\"seller\":\""u8);
        AccountName(seller);
        Put("\",\"price\":\""u8);
        Number(price / 10);
        Put("."u8);
        Number(price % 10);
        Put("\",\"quantity\":\""u8);
        Number(lots / 1000);
        Put("."u8);
        Number(lots % 1000, "D3");
        Put("\"}"u8);
    }

    private void Mark()
    {
        _markTicks = Math.Clamp(_markTicks + _random.Next(-2, 3), CenterTicks - MaxDriftTicks, CenterTicks + MaxDriftTicks);
        Put("{\"type\":\"mark\",\"market\":\""u8);
        Put(MarketUtf8);
        Put("\",\"price\":\""u8);
        Number(_markTicks / 10);
        Put("."u8);
        Number(_markTicks % 10);
        Put("\"}"u8);
    }

    private void Cash(ReadOnlySpan<byte> head, int amount)
    {
        Put(head);
        AccountName(_random.Next(_accounts));
        Put("\",\"amount\":\""u8);
        Number(amount);
        Put("\"}"u8);
    }

    private static ReadOnlySpan<byte> MarketUtf8 => "BTC-PERP"u8;

    private void Put(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_body.GetSpan(bytes.Length));
        _body.Advance(bytes.Length);
    }

    /// <summary>The bytes of <see cref="Account"/>.</summary>
    private void AccountName(int i)
    {
        Put("a"u8);
        Number(i, "D6");
    }

    private void Number(int value, string? format = null)
    {
        var span = _body.GetSpan(16);
        value.TryFormat(span, out int n, format, CultureInfo.InvariantCulture);
        _body.Advance(n);
    }
}
