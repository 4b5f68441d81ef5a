namespace SocialLoss.Server;

/// <summary>A margin tier: the fractions that apply up to a notional.</summary>
/// <param name="MaxNotional">Upper notional of the tier.</param>
/// <param name="InitialMargin">Initial margin fraction.</param>
/// <param name="MaintenanceMargin">Maintenance margin fraction.</param>
public sealed record MarginTierView(string MaxNotional, string InitialMargin, string MaintenanceMargin);
