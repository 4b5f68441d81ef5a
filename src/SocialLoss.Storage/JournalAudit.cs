namespace SocialLoss.Storage;

/// <summary>
/// What opening a store does with its journal, the same in every store: each record is checked (dense positions,
/// CRC-32C) and the result held against the last acknowledged record. Damage at or before that record means
/// acknowledged commands are missing or unreadable: nothing is deleted and the store opens fenced, its report saying
/// where and what to do. Only a torn tail — the first bad record lies beyond everything acknowledged, so none of what
/// follows was ever answered — is cut. Without a watermark (a database from before it existed) a bad record with
/// intact records after it is fenced too; one that is the very last record is cut as a torn tail.
/// </summary>
internal sealed class JournalAudit(Acknowledged? acknowledged, string watermarkSource)
{
    private long _expected = 1;
    private long _bad; // position of the first bad record (0: none)
    private string? _problem;
    private long _max;
    private long _after; // records seen from the first bad one on
    private uint? _crcAtAcknowledged;
    private uint _lastGoodCrc;
    private readonly List<string> _damage = [];

    /// <summary>The last record before the first bad one (every record when none is bad).</summary>
    public long LastGood => _problem is null ? _expected - 1 : _bad - 1;

    /// <summary>The last good record as a watermark: its position and checksum.</summary>
    public Acknowledged LastGoodMark => new(LastGood, LastGood == 0 ? 0 : _lastGoodCrc);

    /// <summary>Checks the next record, in ascending position order; <paramref name="line"/> null when it cannot be read as text.</summary>
    public void Add(long position, string? line, uint crc)
    {
        _max = position;
        if (acknowledged is { } a && position == a.Position)
            _crcAtAcknowledged = crc;
        if (_problem is not null)
        {
            _after++;
            return;
        }

        if (position != _expected)
        {
            (_problem, _bad, _after) = ($"journal record {_expected} is missing (next is {position})", _expected, 1);
            return;
        }

        if (line is null || crc != Checksum.Of(position, line))
        {
            (_problem, _bad, _after) = ($"journal record {position}: checksum mismatch (torn or corrupt)", position, 1);
            return;
        }

        _lastGoodCrc = crc;
        _expected++;
    }

    /// <summary>
    /// Damage found outside the records (an integrity check of the database, a read that failed part way): the store
    /// opens fenced whatever the records say.
    /// </summary>
    public void Damaged(string what) => _damage.Add(what);

    /// <summary>
    /// The verdict. <paramref name="cutFrom"/> is the first position to delete (a torn tail), or 0 when nothing is cut;
    /// a fenced report keeps everything. <paramref name="acceptHint"/> tells an operator how to accept a journal that is
    /// merely shorter than its watermark (after restoring a backup, say).
    /// </summary>
    public RecoveryReport Decide(string acceptHint, out long cutFrom)
    {
        cutFrom = 0;
        long lastGood = LastGood;
        string kept = _problem is null ? "" : $"; records {_bad}..{_max} are kept ({_after} record(s), nothing deleted)";
        if (_damage.Count > 0)
        {
            var found = string.Join("; ", _damage) + (_problem is null ? "" : "; " + _problem + kept);
            return Fenced(lastGood, found, "");
        }

        if (acknowledged is { } a)
        {
            if (a.Position > lastGood)
            {
                return _problem is not null
                    ? Fenced(lastGood, $"{_problem}{kept}; {a.Position} record(s) were acknowledged ({watermarkSource})", "")
                    : Fenced(lastGood, $"the journal ends at record {lastGood} but {a.Position} were acknowledged ({watermarkSource}): " +
                        $"records {lastGood + 1}..{a.Position} are missing (lost with a damaged WAL, or this is an older copy of the database)", acceptHint);
            }

            if (a.Position > 0 && _crcAtAcknowledged != a.Crc)
            {
                return Fenced(lastGood, $"journal record {a.Position} is not the one acknowledged (checksum {_crcAtAcknowledged:x8}, acknowledged {a.Crc:x8}, {watermarkSource}): " +
                    "this is not the database that acknowledged it", acceptHint);
            }

            if (_problem is null)
                return new RecoveryReport(lastGood, 0, null);
            cutFrom = _bad;
            return new RecoveryReport(lastGood, _after,
                $"{_problem}; journal cut after record {lastGood}, {_after} record(s) dropped (all beyond the last acknowledged record {a.Position}: a torn tail, never answered)");
        }

        if (_problem is null)
            return new RecoveryReport(lastGood, 0, null);
        if (_after > 1 || _bad < _max)
            return Fenced(lastGood, $"{_problem}{kept} (no acknowledged watermark to tell a torn tail from damage)", "");
        cutFrom = _bad;
        return new RecoveryReport(lastGood, _after, $"{_problem}; journal cut after record {lastGood}, {_after} record(s) dropped (the last record: a torn tail)");
    }

    private static RecoveryReport Fenced(long lastGood, string found, string acceptHint) =>
        new(lastGood, 0, $"{found}. The service starts fenced (reads only, every write answered 503) on the state after record {lastGood}: " +
            $"restore the database from a standby or a backup{acceptHint}", Fenced: true);
}
