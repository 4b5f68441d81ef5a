namespace SocialLoss.Server;

/// <summary>The ADL queues of a market (<c>GET /markets/{id}/adl</c>), first in line first; empty before the first mark.</summary>
/// <param name="Market">The market id.</param>
/// <param name="Ranking">The ADL ranking in force (<c>config</c> <c>adl.ranking</c>).</param>
/// <param name="Longs">Long positions in queue order.</param>
/// <param name="Shorts">Short positions in queue order.</param>
public sealed record AdlQueueView(string Market, string Ranking, IReadOnlyList<AdlQueueEntry> Longs, IReadOnlyList<AdlQueueEntry> Shorts);
