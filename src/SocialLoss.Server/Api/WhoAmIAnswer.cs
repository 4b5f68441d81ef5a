namespace SocialLoss.Server;

/// <summary>The answer of <c>GET /whoami</c>: the role of the key and, for an account key, its account.</summary>
/// <param name="Role"><c>operator</c> or <c>account</c>.</param>
/// <param name="Account">The account of an account key; null for an operator key.</param>
public sealed record WhoAmIAnswer(string Role, string? Account);
