namespace SocialLoss.Server;

/// <summary>A created API key: shown only in this answer (the service stores its hash).</summary>
/// <param name="Key">The secret, to send as <c>Authorization: Bearer KEY</c>.</param>
/// <param name="Role"><c>operator</c> or <c>account</c>.</param>
/// <param name="Account">The account of an account key; null for an operator key.</param>
public sealed record KeyCreated(string Key, string Role, string? Account);
