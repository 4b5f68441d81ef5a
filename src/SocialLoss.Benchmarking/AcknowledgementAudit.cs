namespace SocialLoss.Benchmarking;

/// <summary>
/// Checks a journal against what clients were told: every acknowledged command is at the positions its answer named,
/// exactly once; no generated command is in the journal twice (a retry applied a second time).
/// </summary>
internal static class AcknowledgementAudit
{
    /// <summary>What the audit found.</summary>
    public sealed record Findings(long Acknowledged, long Lost, long Duplicated, string? FirstProblem);

    /// <summary>
    /// Audits <paramref name="journal"/> (the lines in position order, position 1 first) against <paramref name="acknowledged"/>.
    /// A command is lost when the journal does not hold its line at the position its answer gave; a line that
    /// <see cref="FailoverWorkload.IsUnique"/> recognises and that occurs more than once counts once per extra copy.
    /// </summary>
    public static Findings Audit(IReadOnlyList<AcknowledgedRequest> acknowledged, IReadOnlyList<string> journal)
    {
        long acked = 0, lost = 0, duplicated = 0;
        string? problem = null;
        foreach (var r in acknowledged)
        {
            acked += r.Lines.Count;
            if (r.Last - r.First + 1 != r.Lines.Count)
            {
                lost += r.Lines.Count;
                problem ??= $"request {r.Key}: answered positions {r.First}..{r.Last} for {r.Lines.Count} command(s)";
                continue;
            }

            for (int i = 0; i < r.Lines.Count; i++)
            {
                long pos = r.First + i;
                if (pos < 1 || pos > journal.Count || journal[(int)(pos - 1)] != r.Lines[i])
                {
                    lost++;
                    problem ??= $"request {r.Key}: command {i + 1} is not at journal position {pos}";
                }
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < journal.Count; i++)
        {
            if (FailoverWorkload.IsUnique(journal[i]) && !seen.Add(journal[i]))
            {
                duplicated++;
                problem ??= $"journal position {i + 1} repeats an earlier command: {journal[i]}";
            }
        }

        return new Findings(acked, lost, duplicated, problem);
    }
}
