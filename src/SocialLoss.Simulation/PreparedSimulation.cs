using SocialLoss.Contract;
using SocialLoss.Core.Commands;

namespace SocialLoss.Simulation;

/// <summary>
/// Everything a run needs before a policy is chosen: the path, the population, the book at every step
/// and the command stream (as contract lines and parsed commands). The <c>config</c> line of each policy
/// goes first; the rest is the same for every policy.
/// </summary>
public sealed class PreparedSimulation
{
    private PreparedSimulation(Scenario scenario, IReadOnlyList<Candle> candles, IReadOnlyList<PathStep> path, Population population,
        decimal insuranceFund, IReadOnlyList<string> setupLines, IReadOnlyList<string> crashLines)
    {
        Scenario = scenario;
        Candles = candles;
        Path = path;
        Population = population;
        InsuranceFund = insuranceFund;
        SetupLines = setupLines;
        CrashLines = crashLines;
        SetupCommands = setupLines.Select(CommandParser.Parse).ToArray();
        CrashCommands = crashLines.Select(CommandParser.Parse).ToArray();
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The candles of the window.</summary>
    public IReadOnlyList<Candle> Candles { get; }

    /// <summary>The mark path.</summary>
    public IReadOnlyList<PathStep> Path { get; }

    /// <summary>The population.</summary>
    public Population Population { get; }

    /// <summary>Insurance fund at the start (USD).</summary>
    public decimal InsuranceFund { get; }

    /// <summary>Setup lines after <c>config</c>: market, fund, first mark, deposits, opening trades.</summary>
    public IReadOnlyList<string> SetupLines { get; }

    /// <summary>Crash lines: per path step a <c>book</c> then a <c>mark</c>.</summary>
    public IReadOnlyList<string> CrashLines { get; }

    /// <summary>Parsed setup lines.</summary>
    public IReadOnlyList<Command> SetupCommands { get; }

    /// <summary>Parsed crash lines.</summary>
    public IReadOnlyList<Command> CrashCommands { get; }

    /// <summary>The crash as the wave analysis walks it: per path step its <c>book</c> and <c>mark</c>, at their <c>time</c>.</summary>
    /// <param name="firstLine">Input line of the first crash command (after <c>config</c> and the setup).</param>
    public IReadOnlyList<WaveStep> WaveSteps(int firstLine) =>
        Enumerable.Range(0, Path.Count).Select(s => new WaveStep([CrashCommands[2 * s], CrashCommands[2 * s + 1]], firstLine + 2 * s, CrashCommands[2 * s].Time)).ToArray();

    /// <summary>The whole command stream of one policy, as the contract's JSONL (for <c>socialloss replay</c>).</summary>
    public IEnumerable<string> Lines(Policy policy) => SetupLines.Prepend(policy.ConfigLine).Concat(CrashLines);

    /// <summary>Builds the path from candles already loaded (tests, Monte Carlo).</summary>
    public static PreparedSimulation Build(Scenario scenario, IReadOnlyList<Candle> candles, int? accounts = null, int? seed = null)
    {
        if (candles.Count == 0)
            throw new ScenarioException("the price path has no candles (check path.file, path.from and path.to)");
        var start = PricePath.FromCandles(candles, scenario.Market.TickSize)[0].Price;
        var pp = accounts is { } n ? scenario.Population with { Accounts = n } : scenario.Population;
        return Build(scenario, candles, PopulationGenerator.Generate(pp, seed ?? scenario.Seed, start, scenario.Market));
    }

    /// <summary>Builds the simulation of a given population (its positions opened at the path's first price).</summary>
    public static PreparedSimulation Build(Scenario scenario, IReadOnlyList<Candle> candles, Population population)
    {
        if (candles.Count == 0)
            throw new ScenarioException("the price path has no candles (check path.file, path.from and path.to)");
        var market = scenario.Market;
        var path = PricePath.FromCandles(candles, market.TickSize);
        var start = path[0].Price;
        var longOi = population.LongOpenInterest;
        var fund = scenario.InsuranceFund ?? Math.Round(longOi * start * (decimal)scenario.InsuranceFundShare, 2);

        var setup = new List<string>(population.Traders.Count + population.Trades.Count + 4) { market.ToJsonLine() };
        if (fund > 0)
            setup.Add(Jsonl.Insurance(fund));
        setup.Add(Jsonl.Mark(market.Name, start));
        foreach (var t in population.Traders)
            setup.Add(Jsonl.Deposit(t.Id, t.Deposit));
        foreach (var b in population.Backstops)
            setup.Add(Jsonl.Backstop(b));
        foreach (var (buyer, seller, price, quantity) in population.Trades)
            setup.Add(Jsonl.Trade(market.Name, buyer, seller, price, quantity));

        var liquidity = new LiquidityModel(scenario.Liquidity, candles, (double)longOi, market.TickSize, market.LotSize);
        var crash = new List<string>(path.Count * 2);
        decimal high = start, low = start;
        foreach (var step in path)
        {
            high = Math.Max(high, step.Price);
            low = Math.Min(low, step.Price);
            // both commands of a step carry the step's real time, so events and waves can be read against the clock
            crash.Add(Jsonl.Book(market.Name, liquidity.Book(step.Candle, step.Price, high, low), step.Time));
            crash.Add(Jsonl.Mark(market.Name, step.Price, step.Time));
        }

        return new PreparedSimulation(scenario, candles, path, population, fund, setup, crash);
    }

    /// <summary>Loads the scenario's candles from <paramref name="dataFolder"/> and builds the simulation.</summary>
    public static PreparedSimulation Load(Scenario scenario, string dataFolder, int? accounts = null, int? seed = null)
    {
        var file = System.IO.Path.IsPathRooted(scenario.Path.File) ? scenario.Path.File : System.IO.Path.Combine(dataFolder, scenario.Path.File);
        if (!DataFile.Exists(file))
            throw new ScenarioException($"field \"path.file\": candle file not found: {file}");
        var candles = PricePath.Window(Candle.ReadCsv(file), scenario.Path.From, scenario.Path.To);
        return Build(scenario, candles, accounts, seed);
    }
}
