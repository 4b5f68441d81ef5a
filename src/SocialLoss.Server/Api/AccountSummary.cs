namespace SocialLoss.Server;

/// <summary>One account in <c>GET /accounts</c>.</summary>
/// <param name="Account">The account id.</param>
/// <param name="Balance">Cash balance (decimal string).</param>
/// <param name="HasPositions">True when the account holds an open position.</param>
public sealed record AccountSummary(string Account, string Balance, bool HasPositions);
