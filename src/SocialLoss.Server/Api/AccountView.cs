namespace SocialLoss.Server;

/// <summary>One account (<c>GET /accounts/{id}</c>); amounts are decimal strings.</summary>
/// <param name="Account">The account id.</param>
/// <param name="Balance">Cash balance.</param>
/// <param name="Equity">Balance plus unrealized PnL at the marks.</param>
/// <param name="UnrealizedPnl">Unrealized PnL of every position at its market's mark.</param>
/// <param name="InitialMargin">Initial margin of the positions.</param>
/// <param name="MaintenanceMargin">Maintenance margin of the positions.</param>
/// <param name="Principal">Net deposits (what a clawback never takes).</param>
/// <param name="Backstop">True for a backstop account.</param>
/// <param name="Positions">Open positions.</param>
public sealed record AccountView(string Account, string Balance, string Equity, string UnrealizedPnl, string InitialMargin, string MaintenanceMargin,
    string Principal, bool Backstop, IReadOnlyList<PositionView> Positions);
