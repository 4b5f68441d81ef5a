using System.Globalization;

namespace SocialLoss.Benchmarking;

/// <summary>
/// The journal figures of one read of the service's <c>/metrics</c> (Prometheus text): commands, group commits,
/// and the commit-latency histogram. Two samples give what happened between them, which is how the load test
/// leaves its set-up and warm-up out of the commit figures.
/// </summary>
internal sealed record ServiceMetricsSample(long Commands, long Commits, double CommitSecondsSum, long CommitCount, IReadOnlyList<(double Le, long Count)> Buckets)
{
    /// <summary>Reads the figures out of a <c>/metrics</c> body; missing ones are zero.</summary>
    public static ServiceMetricsSample Parse(string text)
    {
        long commands = 0, commits = 0, count = 0;
        double sum = 0;
        var buckets = new List<(double, long)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            int space = line.LastIndexOf(' ');
            if (space < 0)
                continue;
            // OpenTelemetry's exporter writes an empty label set as "name{} value"
            var name = line[..space] is var n && n.EndsWith("{}", StringComparison.Ordinal) ? n[..^2] : line[..space];
            var value = line[(space + 1)..];
            switch (name)
            {
                case "socialloss_commands_total":
                    commands = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "socialloss_journal_commits_total":
                    commits = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "socialloss_journal_commit_seconds_sum":
                    sum = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "socialloss_journal_commit_seconds_count":
                    count = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    const string prefix = "socialloss_journal_commit_seconds_bucket{le=\"";
                    if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith("\"}", StringComparison.Ordinal))
                    {
                        var le = name[prefix.Length..^2];
                        if (le != "+Inf")
                            buckets.Add((double.Parse(le, CultureInfo.InvariantCulture), long.Parse(value, CultureInfo.InvariantCulture)));
                    }

                    break;
            }
        }

        return new ServiceMetricsSample(commands, commits, sum, count, buckets);
    }

    /// <summary>What happened from <paramref name="earlier"/> to this sample.</summary>
    public ServiceMetricsSample Since(ServiceMetricsSample earlier)
    {
        var buckets = new List<(double, long)>(Buckets.Count);
        foreach (var (le, n) in Buckets)
        {
            long before = 0;
            foreach (var (l, m) in earlier.Buckets)
                if (l == le)
                    before = m;
            buckets.Add((le, n - before));
        }

        return new ServiceMetricsSample(Commands - earlier.Commands, Commits - earlier.Commits, CommitSecondsSum - earlier.CommitSecondsSum,
            CommitCount - earlier.CommitCount, buckets);
    }

    /// <summary>Mean commit latency in milliseconds (0 without commits).</summary>
    public double MeanCommitMs => CommitCount == 0 ? 0 : CommitSecondsSum / CommitCount * 1000;

    /// <summary>Commands per group commit (0 without commits).</summary>
    public double CommandsPerCommit => Commits == 0 ? 0 : (double)Commands / Commits;

    /// <summary>
    /// The upper bound, in milliseconds, of the histogram bucket holding the <paramref name="percentile"/>th
    /// commit (the histogram has coarse buckets, so this is "at most"); null when it is beyond the last bucket
    /// or there were no commits.
    /// </summary>
    public double? CommitMsAtMost(double percentile)
    {
        if (CommitCount == 0)
            return null;
        double needed = percentile / 100 * CommitCount;
        foreach (var (le, n) in Buckets)
            if (n >= needed)
                return le * 1000;
        return null;
    }
}
