namespace SocialLoss.Server;

/// <summary>The body of <c>POST /keys</c>.</summary>
/// <param name="Role"><c>operator</c> or <c>account</c>.</param>
/// <param name="Account">The account an <c>account</c> key is bound to (required for it; ignored for an operator key).</param>
public sealed record KeyRequest(string Role, string? Account);
