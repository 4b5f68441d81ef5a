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

    public static string StateHashOfReplay(IEnumerable<string> lines)
    {
        var replay = new SocialLoss.Contract.Replay();
        replay.Run(new StringReader(string.Join('\n', lines)), null);
        return SocialLoss.Contract.StateHash.Compute(replay.Engine.Ledger);
    }
}
