namespace SocialLoss.Server;

/// <summary>The loss policy the engine runs (<c>GET /policy</c>), named from the one policy catalog that <c>compare</c>, <c>simulate</c> and <c>demo</c> use.</summary>
/// <param name="Names">The catalog names of this exact policy (aliases last); empty for a policy of one's own.</param>
/// <param name="Description">The catalog's description of it, or null when it is not in the catalog.</param>
/// <param name="Fair">True for a fair allocation of the catalog (fair ADL, capped pro-rata, min-max, risk-aware…).</param>
/// <param name="Summary">The policy in words: close-out ladder, ADL ranking and price, loss waterfall.</param>
/// <param name="Config">The policy as one <c>config</c> command line, every field written.</param>
public sealed record PolicyView(IReadOnlyList<string> Names, string? Description, bool Fair, string Summary, string Config);
