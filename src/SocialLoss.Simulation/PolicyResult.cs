using SocialLoss.Contract;

namespace SocialLoss.Simulation;

/// <summary>
/// Metrics of one policy on one population and path, in USD as double (statistics, not accounting): the simulator's view of
/// the one <see cref="LossAttribution"/> that <c>compare</c> reads too.
/// </summary>
/// <param name="Liquidations">Positions liquidated.</param>
/// <param name="LiquidatedNotional">Notional of liquidated positions at the mark.</param>
/// <param name="BookNotional">Notional closed against the book.</param>
/// <param name="FundTakeoverNotional">Notional the insurance fund took over at mark.</param>
/// <param name="BadDebt">Bad debt: negative balances left after close-outs.</param>
/// <param name="FundUsed">What the insurance fund paid towards bad debt.</param>
/// <param name="FundInflow">Liquidation fees and close-out surplus paid into the fund.</param>
/// <param name="FundEnd">Insurance fund at the end.</param>
/// <param name="AdlLossVsMark">Winners' loss from being deleveraged at a price worse than the mark.</param>
/// <param name="Clawbacks">Winners' profit clawed back.</param>
/// <param name="Deficit">Bad debt nobody covered (recorded deficit at the end).</param>
/// <param name="AdlNotional">Notional of winners' positions closed by ADL (at the ADL price).</param>
/// <param name="AdlFills">ADL fills.</param>
/// <param name="AccountsHit">Accounts deleveraged or clawed back.</param>
/// <param name="AdlAccounts">Accounts deleveraged.</param>
/// <param name="LargestHaircutShare">Largest single haircut (ADL loss vs mark + clawback) as a share of what that account would have ended with without it: <c>h / (final equity + h)</c>.</param>
/// <param name="HaircutGini">Gini coefficient of haircuts over the accounts with a positive haircut.</param>
/// <param name="Top1PercentShare">Share of all haircuts borne by the top 1% of haircut accounts (at least one account).</param>
/// <param name="HedgedBroken">Accounts a leg of whose hedge was deleveraged: the hedged traders and market makers (their hedge lies outside the simulated market) and any account with an opposite position in another market.</param>
/// <param name="Overshoot">Σ over waves of counterfactual haircut − needed budget (<see cref="WaveAnalysis"/>, the same figure as <c>compare</c>'s and results.json's); without the wave analysis, socialized total minus the shortfall at mark of the liquidations it covered.</param>
/// <param name="WinnersPnlKept">Profit of the accounts that end in profit: Σ max(0, final equity − deposit).</param>
/// <param name="Rejected">Commands the engine rejected (should be 0).</param>
public sealed record SimulationMetrics(
    int Liquidations,
    double LiquidatedNotional,
    double BookNotional,
    double FundTakeoverNotional,
    double BadDebt,
    double FundUsed,
    double FundInflow,
    double FundEnd,
    double AdlLossVsMark,
    double Clawbacks,
    double Deficit,
    double AdlNotional,
    int AdlFills,
    int AccountsHit,
    int AdlAccounts,
    double LargestHaircutShare,
    double HaircutGini,
    double Top1PercentShare,
    int HedgedBroken,
    double Overshoot,
    double WinnersPnlKept,
    int Rejected)
{
    /// <summary>Socialized total: ADL losses versus mark plus clawbacks (and mutualised CCP funds).</summary>
    public double Socialized { get; init; }

    /// <summary>The largest share of a position one ADL fill closed.</summary>
    public double LargestPositionShareClosed { get; init; }

    /// <summary>The USD view of <paramref name="s"/>.</summary>
    public static SimulationMetrics From(LossSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SimulationMetrics(s.Liquidations, Simulator.Usd(s.LiquidatedNotional), Simulator.Usd(s.BookNotional), Simulator.Usd(s.FundTakeoverNotional), Simulator.Usd(s.BadDebt),
            Simulator.Usd(s.FundUsed), Simulator.Usd(s.FundInflow), Simulator.Usd(s.FundEnd), Simulator.Usd(s.AdlLossVsMark), Simulator.Usd(s.Clawbacks), Simulator.Usd(s.Deficit), Simulator.Usd(s.AdlNotional), s.AdlFills,
            s.AccountsHit, s.AdlAccounts, s.LargestHaircutShare, s.HaircutGini, s.Top1PercentShare, s.HedgesBroken, Simulator.Usd(s.Overshoot),
            Simulator.Usd(s.WinnersPnlKept), s.Rejected)
        {
            Socialized = Simulator.Usd(s.Socialized),
            LargestPositionShareClosed = s.LargestPositionShareClosed,
        };
    }
}

/// <summary>State after one path step.</summary>
/// <param name="Step">Path step index.</param>
/// <param name="Time">Time of the step.</param>
/// <param name="Price">The mark.</param>
/// <param name="Fund">Insurance fund balance.</param>
/// <param name="Deficit">Recorded deficit.</param>
/// <param name="Liquidations">Positions liquidated at this step.</param>
/// <param name="AdlFills">ADL fills at this step.</param>
/// <param name="Socialized">Cumulative socialized total.</param>
public sealed record StepPoint(int Step, DateTime Time, decimal Price, double Fund, double Deficit, int Liquidations, int AdlFills, double Socialized);

/// <summary>One policy's run: metrics, the series over the path, and per-account figures for the charts.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Metrics">Summary metrics.</param>
/// <param name="Series">State after every path step.</param>
/// <param name="Haircuts">Positive haircuts per account (USD).</param>
/// <param name="AdlLeverages">Start leverage of every deleveraged account.</param>
/// <param name="StateHash">Final state hash (same commands → same hash).</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record PolicyResult(Policy Policy, SimulationMetrics Metrics, IReadOnlyList<StepPoint> Series,
    IReadOnlyDictionary<string, double> Haircuts, IReadOnlyList<double> AdlLeverages, string StateHash, TimeSpan Elapsed)
{
    /// <summary>Every ADL fill, in order.</summary>
    public IReadOnlyList<AdlFill> AdlFillList { get; init; } = [];

    /// <summary>Every wave of socialization with its needed budget and counterfactual haircut (empty when not measured).</summary>
    public IReadOnlyList<WaveResult> Waves { get; init; } = [];
}

/// <summary>One ADL fill as the engine reported it.</summary>
/// <param name="Account">The winner whose position was reduced.</param>
/// <param name="Counterparty">The liquidated account.</param>
/// <param name="Quantity">Quantity closed, signed as the winner's position was (positive: a long was reduced, negative: a short).</param>
/// <param name="Price">The ADL price.</param>
/// <param name="Mark">The mark at the time.</param>
/// <param name="Step">Path step index.</param>
public sealed record AdlFill(string Account, string Counterparty, decimal Quantity, decimal Price, decimal Mark, int Step);

/// <summary>Every policy's run on the same population and path.</summary>
/// <param name="Simulation">The prepared simulation.</param>
/// <param name="Results">One result per policy, in the order asked.</param>
/// <param name="SetupElapsed">Time spent opening the positions (once for all policies).</param>
public sealed record SimulationResult(PreparedSimulation Simulation, IReadOnlyList<PolicyResult> Results, TimeSpan SetupElapsed);
