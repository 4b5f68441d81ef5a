namespace SocialLoss.Server.Tests;

/// <summary>The bundled demo crash, as command lines.</summary>
public static class Scenario
{
    public static string[] DemoCrash()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "scenarios", "demo-crash.jsonl");
        return [.. File.ReadAllLines(path).Where(l => !SocialLoss.Contract.CommandParser.IsSkippable(l))];
    }

    /// <summary>The crash before its last three legs (book + mark pairs), and those legs.</summary>
    public static (string[] Setup, string[] Crash) Split()
    {
        var all = DemoCrash();
        int firstLeg = Array.FindIndex(all, l => l.Contains("\"type\":\"book\""));
        return (all[..firstLeg], all[firstLeg..]);
    }

    /// <summary>
    /// The demo crash's setup, then <paramref name="requests"/> requests of fresh traders (deposit, a trade with the
    /// maker, every fifth with a mark), then the crash legs: liquidations, ADL and clawbacks after a long history.
    /// </summary>
    public static List<string[]> Traffic(int requests, int seed = 1)
    {
        var (setup, crash) = Split();
        var rng = new Random(seed);
        var result = new List<string[]> { setup };
        for (int i = 0; i < requests; i++)
        {
            var who = $"t{seed}-{i}";
            var lines = new List<string>
            {
                $"{{\"type\":\"deposit\",\"account\":\"{who}\",\"amount\":\"{1000 + rng.Next(5000)}\"}}",
                $"{{\"type\":\"trade\",\"market\":\"BTC-PERP\",\"buyer\":\"{who}\",\"seller\":\"maker\",\"price\":\"{59000 + rng.Next(2000)}\",\"quantity\":\"0.01\"}}",
            };
            if (i % 5 == 0)
                lines.Add($"{{\"type\":\"mark\",\"market\":\"BTC-PERP\",\"price\":\"{58000 + rng.Next(4000)}\"}}");
            result.Add([.. lines]);
        }

        result.Add(crash);
        return result;
    }

    public static string StateHashOfReplay(IEnumerable<string> lines)
    {
        var replay = new SocialLoss.Contract.Replay();
        replay.Run(new StringReader(string.Join('\n', lines)), null);
        return SocialLoss.Contract.StateHash.Compute(replay.Engine.Ledger);
    }
}
