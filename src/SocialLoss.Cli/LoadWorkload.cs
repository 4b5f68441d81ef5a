using System.Globalization;
using System.Text;

namespace SocialLoss.Cli;

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
    private readonly StringBuilder _sb = new();
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

    /// <summary>The next <paramref name="count"/> commands as one JSONL body.</summary>
    public string Next(int count)
    {
        _sb.Clear();
        for (int i = 0; i < count; i++)
        {
            int kind = _random.Next(100);
            if (kind < 85)
                Trade();
            else if (kind < 90)
                Mark();
            else if (kind < 97)
                Cash("deposit", 1 + _random.Next(20));
            else if (_random.Next(10) == 0)
                Cash("withdraw", 1_000_000); // more than anyone has: rejected
            else
                Cash("withdraw", 1 + _random.Next(10));
            _sb.Append('\n');
        }

        return _sb.ToString();
    }

    private void Trade()
    {
        int buyer = _random.Next(_accounts);
        int seller = _random.Next(_accounts - 1);
        if (seller >= buyer)
            seller++;
        int price = _markTicks + _random.Next(-3, 4);
        int lots = 1 + _random.Next(100);
        _sb.Append("{\"type\":\"trade\",\"market\":\"").Append(Market)
            .Append("\",\"buyer\":\"").Append(Account(buyer))
            .Append("\",\"seller\":\"").Append(Account(seller))
            .Append("\",\"price\":\"").Append(price / 10).Append('.').Append(price % 10)
            .Append("\",\"quantity\":\"").Append(lots / 1000).Append('.').Append((lots % 1000).ToString("D3", CultureInfo.InvariantCulture))
            .Append("\"}");
    }

    private void Mark()
    {
        _markTicks = Math.Clamp(_markTicks + _random.Next(-2, 3), CenterTicks - MaxDriftTicks, CenterTicks + MaxDriftTicks);
        _sb.Append("{\"type\":\"mark\",\"market\":\"").Append(Market)
            .Append("\",\"price\":\"").Append(_markTicks / 10).Append('.').Append(_markTicks % 10).Append("\"}");
    }

    private void Cash(string type, int amount) =>
        _sb.Append("{\"type\":\"").Append(type).Append("\",\"account\":\"").Append(Account(_random.Next(_accounts)))
            .Append("\",\"amount\":\"").Append(amount).Append("\"}");
}
