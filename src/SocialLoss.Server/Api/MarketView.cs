namespace SocialLoss.Server;

/// <summary>A market (<c>GET /markets</c>): mark, open interest, holders, specification and book.</summary>
/// <param name="Market">The market id.</param>
/// <param name="Mark">The last mark; null before the first.</param>
/// <param name="OpenInterest">Open interest (sum of the long positions).</param>
/// <param name="Longs">Accounts holding a long position (built-in accounts not counted).</param>
/// <param name="Shorts">Accounts holding a short position (built-in accounts not counted).</param>
/// <param name="Spec">The specification, with the <c>market</c> command's field names.</param>
/// <param name="Bids">Bid levels as [price, quantity] pairs of decimal strings, best first.</param>
/// <param name="Asks">Ask levels as [price, quantity] pairs of decimal strings, best first.</param>
public sealed record MarketView(string Market, string? Mark, string OpenInterest, long Longs, long Shorts, MarketSpecView Spec,
    IReadOnlyList<IReadOnlyList<string>> Bids, IReadOnlyList<IReadOnlyList<string>> Asks);
