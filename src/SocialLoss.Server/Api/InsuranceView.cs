namespace SocialLoss.Server;

/// <summary>The insurance fund and what stands behind it (<c>GET /insurance</c>), decimal strings.</summary>
/// <param name="InsuranceFund">Fund balance.</param>
/// <param name="Deficit">Recorded deficit (bad debt no stage covered).</param>
/// <param name="Sitg">The clearing house's own capital (skin in the game).</param>
/// <param name="NetDeposits">Deposits minus withdrawals of every account.</param>
public sealed record InsuranceView(string InsuranceFund, string Deficit, string Sitg, string NetDeposits);
