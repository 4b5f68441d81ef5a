namespace SocialLoss.Simulation;

/// <summary>Options of the fund-sizing Monte Carlo.</summary>
/// <param name="Runs">Number of simulated crashes.</param>
/// <param name="Seed">Base seed: run <c>i</c> uses <c>Seed + i</c> for its path and its population.</param>
/// <param name="Accounts">Trader accounts per run (null = the scenario's).</param>
/// <param name="Target">Target probability that the fund does not cover the shortfall, <c>r / κ</c> (cost of capital over reputational cost per socialized dollar).</param>
/// <param name="BlockSize">Candles per bootstrap block (keeps the clustering of large moves).</param>
/// <param name="Policy">Policy whose deficit (with no fund) is the shortfall D: by default the book, then the fund takes the rest at mark.</param>
/// <param name="Parallel">Run on every core (each run its own engine); results do not depend on it.</param>
public sealed record FundSizingOptions(int Runs = 100, int Seed = 1, int? Accounts = null, double Target = 0.05, int BlockSize = 10,
    Policy? Policy = null, bool Parallel = true);

/// <summary>The Monte Carlo's outcome.</summary>
/// <param name="Shortfalls">D of every run, in run order (USD).</param>
/// <param name="Target">The target probability r/κ.</param>
/// <param name="FundSize">K* = VaR_{1−r/κ}(D).</param>
/// <param name="ProbabilityPositive">P(D &gt; 0).</param>
/// <param name="Mean">E[D].</param>
/// <param name="ExpectedSocializedAtFund">E[(D − K*)⁺]: what is still socialized, on average, with a fund of K*.</param>
/// <param name="LongOpenInterest">Mean long open interest notional of the runs' populations (to read K* as a share).</param>
public sealed record FundSizingResult(IReadOnlyList<double> Shortfalls, double Target, double FundSize, double ProbabilityPositive, double Mean,
    double ExpectedSocializedAtFund, double LongOpenInterest)
{
    /// <summary>The q-quantile of D.</summary>
    public double Quantile(double q) => Statistics.Quantile(Shortfalls, q);

    /// <summary>Every run's shortfall as CSV (<c>run,seed,shortfall</c>), run i simulated with seed <paramref name="firstSeed"/> + i.</summary>
    public string Csv(int firstSeed)
    {
        var csv = new System.Text.StringBuilder("run,seed,shortfall\n");
        for (int i = 0; i < Shortfalls.Count; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},{firstSeed + i},{Shortfalls[i]:0.######}\n");
        return csv.ToString();
    }
}

/// <summary>
/// Fund sizing by Monte Carlo (Chitra, arXiv 2512.01112, the newsvendor rule): over bootstrapped crash paths and
/// freshly seeded populations, the shortfall D is the bad debt left after the close-out with no insurance fund
/// (net of the liquidation fees the fund would have collected). Holding K costs r per dollar, each dollar
/// socialized costs κ, so the expected cost r·K + κ·E[(D − K)⁺] is smallest at P(D &gt; K) = r/κ:
/// <c>K* = VaR_{1−r/κ}(D)</c>.
/// </summary>
public static class FundSizing
{
    /// <summary>
    /// The target probability r/κ from either <paramref name="target"/> or both the cost of capital <paramref name="r"/> and
    /// the reputational cost κ (<paramref name="kappa"/>); 0.05 when none is given.
    /// </summary>
    /// <exception cref="ArgumentException">Only one of r and κ, or a target outside (0, 1).</exception>
    public static double Target(double? target, double? r, double? kappa)
    {
        double t = target ?? (r, kappa) switch
        {
            ({ } rr, { } kk) when kk > 0 => rr / kk,
            (null, null) => 0.05,
            _ => throw new ArgumentException("give both --cost-of-capital and --reputational-cost (or --target r/κ)"),
        };
        if (!(t > 0 && t < 1))
            throw new ArgumentException($"the target r/κ must be between 0 and 1 (got {t.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        return t;
    }

    /// <summary>The scenario's candles (its <c>path.file</c>, relative to <paramref name="dataFolder"/>) within its window.</summary>
    /// <exception cref="ScenarioException">The candle file is missing.</exception>
    public static IReadOnlyList<Candle> Candles(Scenario scenario, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var file = System.IO.Path.IsPathRooted(scenario.Path.File) ? scenario.Path.File : System.IO.Path.Combine(dataFolder, scenario.Path.File);
        if (!DataFile.Exists(file))
            throw new ScenarioException($"field \"path.file\": candle file not found: {file}");
        return PricePath.Window(Candle.ReadCsv(file), scenario.Path.From, scenario.Path.To);
    }

    /// <summary>The default policy that measures D.</summary>
    public static Policy ShortfallPolicy { get; } = new("shortfall", """{"type":"config","closeout":["book"],"waterfall":["insurance"]}""",
        "book, the fund takes the rest at mark; no fund, so the deficit is the shortfall");

    /// <summary>K* = VaR_{1−target}(D): the (1 − target)-quantile of the shortfalls (linear interpolation).</summary>
    public static double OptimalFund(IReadOnlyList<double> shortfalls, double target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, 1.0);
        return Math.Max(0, Statistics.Quantile(shortfalls, 1 - target));
    }

    /// <summary>
    /// Runs <paramref name="shortfall"/> for seeds <c>seed … seed + runs − 1</c>, on every core when
    /// <paramref name="parallel"/>; the results are stored by run index, so they do not depend on the scheduling.
    /// <paramref name="progress"/> gets the number of runs done (from any thread).
    /// </summary>
    public static double[] MonteCarlo(int runs, int seed, Func<int, double> shortfall, bool parallel = true, Action<int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var d = new double[runs];
        int done = 0;
        System.Threading.Tasks.Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = parallel ? Environment.ProcessorCount : 1 }, i =>
        {
            d[i] = shortfall(seed + i);
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        return d;
    }

    /// <summary>Summarises shortfalls into K* and its figures.</summary>
    public static FundSizingResult Summarise(IReadOnlyList<double> d, double target, double longOpenInterest = 0)
    {
        var k = OptimalFund(d, target);
        return new FundSizingResult(d, target, k, d.Count(x => x > 0) / (double)d.Count, d.Average(), d.Average(x => Math.Max(0, x - k)), longOpenInterest);
    }

    /// <summary>
    /// The Monte Carlo over the scenario: each run bootstraps the candles (blocks of <see cref="FundSizingOptions.BlockSize"/>,
    /// from the first candle's open) and generates the population with its own seed (or uses <paramref name="population"/>),
    /// then runs the shortfall policy with no fund.
    /// </summary>
    public static FundSizingResult Run(Scenario scenario, IReadOnlyList<Candle> candles, FundSizingOptions o, Action<int>? progress = null,
        Func<int, decimal, Population>? population = null)
    {
        var policy = o.Policy ?? ShortfallPolicy;
        var noFund = scenario with { InsuranceFund = 0m };
        var oi = new double[o.Runs];
        var d = MonteCarlo(o.Runs, o.Seed, s =>
        {
            var path = Bootstrap(candles, s, o.BlockSize);
            var start = PricePath.FromCandles(path, scenario.Market.TickSize)[0].Price;
            var pop = population?.Invoke(s, start)
                ?? PopulationGenerator.Generate(o.Accounts is { } n ? scenario.Population with { Accounts = n } : scenario.Population, s, start, scenario.Market);
            var sim = PreparedSimulation.Build(noFund, path, pop);
            oi[s - o.Seed] = (double)(pop.LongOpenInterest * start);
            var r = Simulator.RunPolicy(sim, policy, Simulator.SetupEvents(sim, policy), waves: false);
            return r.Metrics.Deficit;
        }, o.Parallel, progress);
        return Summarise(d, o.Target, oi.Average());
    }

    /// <summary>
    /// A block bootstrap of <paramref name="candles"/>: the first candle is kept; the rest are blocks of consecutive
    /// candles from random places, each candle's moves (gap from the previous close, high, low and close relative to its
    /// open) applied from the previous close. Volumes go with their candles; times are the original ones.
    /// </summary>
    public static IReadOnlyList<Candle> Bootstrap(IReadOnlyList<Candle> candles, int seed, int blockSize)
    {
        if (candles.Count < 3)
            return candles;
        var rng = new Random(seed);
        blockSize = Math.Clamp(blockSize, 1, candles.Count - 1);
        var result = new List<Candle>(candles.Count) { candles[0] };
        var prevClose = candles[0].Close;
        while (result.Count < candles.Count)
        {
            int from = 1 + rng.Next(candles.Count - blockSize);
            for (int k = from; k < from + blockSize && result.Count < candles.Count; k++)
            {
                var c = candles[k];
                var open = prevClose * (c.Open / candles[k - 1].Close);
                var f = open / c.Open;
                var next = new Candle(candles[result.Count].OpenTime, open, c.High * f, c.Low * f, c.Close * f, c.Volume);
                result.Add(next);
                prevClose = next.Close;
            }
        }

        return result;
    }
}
