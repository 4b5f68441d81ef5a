using System.Globalization;

namespace SocialLoss.Benchmarking;

/// <summary>
/// The commands of the failover test. Every line is unique (the account it names carries the client and batch), so the
/// journal shows whether an acknowledged command is there once, missing, or applied twice. A batch funds fresh accounts
/// and has half of them buy one lot from the built-in <c>market</c> account at the mark: deposits and trades, the
/// engine's everyday path, with no liquidation (a lot is far inside the funding).
/// </summary>
internal static class FailoverWorkload
{
    /// <summary>The market listed by <see cref="LoadWorkload.Setup"/>.</summary>
    public const string Market = LoadWorkload.Market;

    /// <summary>The idempotency key of a client's batch: the same on every retry.</summary>
    public static string Key(int client, int batch) => $"failover-c{client}-b{batch}";

    /// <summary>The lines of batch <paramref name="batch"/> of client <paramref name="client"/>: <paramref name="size"/> commands.</summary>
    public static IReadOnlyList<string> Batch(int client, int batch, int size)
    {
        var lines = new List<string>(size);
        for (int i = 0; i < size; i++)
        {
            if (i % 2 == 0)
                lines.Add($$"""{"type":"deposit","account":"{{Account(client, batch, i)}}","amount":"1000"}""");
            else
                lines.Add($$"""{"type":"trade","market":"{{Market}}","buyer":"{{Account(client, batch, i - 1)}}","seller":"market","price":"100.0","quantity":"0.001"}""");
        }

        return lines;
    }

    /// <summary>True for a line this workload generated (and so unique in a correct journal).</summary>
    public static bool IsUnique(string line) => line.Contains("\"h", StringComparison.Ordinal) && (line.Contains("\"account\":\"h", StringComparison.Ordinal) || line.Contains("\"buyer\":\"h", StringComparison.Ordinal));

    private static string Account(int client, int batch, int i) =>
        string.Create(CultureInfo.InvariantCulture, $"h{client}-{batch}-{i}");
}
