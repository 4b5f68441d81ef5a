namespace SocialLoss.Server;

/// <summary>The body of <c>POST /keys</c>.</summary>
/// <param name="Role"><c>operator</c> or <c>account</c>.</param>
/// <param name="Account">The account an <c>account</c> key is bound to (required for it; ignored for an operator key).</param>
public sealed record KeyRequest(string Role, string? Account);

/// <summary>A created API key: shown only in this answer (the service stores its hash).</summary>
/// <param name="Key">The secret, to send as <c>Authorization: Bearer KEY</c>.</param>
/// <param name="Role"><c>operator</c> or <c>account</c>.</param>
/// <param name="Account">The account of an account key; null for an operator key.</param>
public sealed record KeyCreated(string Key, string Role, string? Account);
