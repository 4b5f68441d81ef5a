namespace SocialLoss.Server;

/// <summary>The ADL queues of a market (<c>GET /markets/{id}/adl</c>), first in line first; empty before the first mark.</summary>
/// <param name="Market">The market id.</param>
/// <param name="Ranking">The ADL ranking in force (<c>config</c> <c>adl.ranking</c>).</param>
/// <param name="Longs">Long positions in queue order.</param>
/// <param name="Shorts">Short positions in queue order.</param>
public sealed record AdlQueueView(string Market, string Ranking, IReadOnlyList<AdlQueueEntry> Longs, IReadOnlyList<AdlQueueEntry> Shorts);

/// <summary>A position in an ADL queue.</summary>
/// <param name="Rank">Place in the queue (1 = first).</param>
/// <param name="Account">The account.</param>
/// <param name="Quantity">Its signed quantity.</param>
/// <param name="Score">The ranking's score (decimal string).</param>
/// <param name="Indicator">ADL lights 0–4 (4 = first in line).</param>
public sealed record AdlQueueEntry(int Rank, string Account, string Quantity, string Score, int Indicator);
