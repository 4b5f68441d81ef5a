namespace SocialLoss.Server;

/// <summary>A position in an ADL queue.</summary>
/// <param name="Rank">Place in the queue (1 = first).</param>
/// <param name="Account">The account.</param>
/// <param name="Quantity">Its signed quantity.</param>
/// <param name="Score">The ranking's score (decimal string).</param>
/// <param name="Indicator">ADL lights 0–4 (4 = first in line).</param>
public sealed record AdlQueueEntry(int Rank, string Account, string Quantity, string Score, int Indicator);
