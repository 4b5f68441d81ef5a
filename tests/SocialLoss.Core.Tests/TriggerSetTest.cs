using CsCheck;
using SocialLoss.Core.Accounts;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests;

/// <summary><see cref="TriggerSet"/> holds exactly the entries filed, in (trigger, ordinal) order, whatever mix of adds, moves and removals.</summary>
public sealed class TriggerSetTest
{
    [Fact]
    public void AddMoveRemove_RandomOperations_SameEntriesInOrderAsASortedModel() =>
        // Triggers from a narrow range (many ties, broken by ordinal) and moves both small (a trade's) and far (across blocks).
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1_500], Gen.Long[0, 400], Gen.Bool).Array[1, 3_000].Sample(ops =>
        {
            var set = new TriggerSet();
            var model = new SortedSet<TriggerSet.Entry>();
            var filed = new Dictionary<long, TriggerSet.Entry>();
            var accounts = new Dictionary<long, Account>();
            foreach (var (op, who, trigger, near) in ops)
            {
                long ordinal = who;
                var account = accounts.TryGetValue(ordinal, out var a) ? a : accounts[ordinal] = new Account(new AccountId($"a{ordinal}"));
                if (!filed.TryGetValue(ordinal, out var old))
                {
                    var e = new TriggerSet.Entry(trigger, ordinal, account);
                    set.Add(e);
                    model.Add(e);
                    filed[ordinal] = e;
                }
                else if (op == 0)
                {
                    set.Remove(old);
                    model.Remove(old);
                    filed.Remove(ordinal);
                }
                else
                {
                    var now = new TriggerSet.Entry(near ? old.Trigger + trigger % 5 - 2 : trigger, ordinal, account);
                    if (now == old)
                        continue;
                    set.Move(old, now);
                    model.Remove(old);
                    model.Add(now);
                    filed[ordinal] = now;
                }
            }

            Assert.Equal(model.Select(e => (e.Trigger, e.Ordinal)), set.All().Select(e => (e.Trigger, e.Ordinal)));
            Assert.Equal(model.Count, set.Count);
        }, iter: 300);

    /// <summary>
    /// Thousands of filings, removals, rebuilds and re-keyings (blocks split, empty and go, their last entries change) keep
    /// the set equal to a sorted model, and each removal finds its entry: the block search goes by the blocks' last
    /// entries, kept apart.
    /// </summary>
    [Fact]
    public void AddRemoveRebuild_ManyEntries_SameOrderAsASortedModel()
    {
        var ops = Gen.Select(Gen.Int[0, 9], Gen.Long[0, 400], Gen.Int[0, 3_000]).Array[500, 6_000];
        ops.Sample(list =>
        {
            var accounts = new Account[3_001];
            for (int i = 0; i < accounts.Length; i++)
                accounts[i] = new Account(new AccountId("a" + i));
            var set = new TriggerSet();
            var model = new SortedSet<TriggerSet.Entry>();
            var filed = new Dictionary<int, TriggerSet.Entry>();
            foreach (var (kind, trigger, who) in list)
            {
                if (kind == 0 && model.Count > 0)
                {
                    // re-sort everything from the model, as a funding's bulk refresh does
                    var all = model.ToArray();
                    Array.Reverse(all);
                    set.Rebuild(all);
                    continue;
                }

                if (kind == 1 && model.Count > 0)
                {
                    // every trigger moved: uniformly (the order stands, re-keyed in place) or not (re-sorted)
                    long shift = trigger - 200;
                    bool uniform = who % 2 == 0;
                    long NewTrigger(TriggerSet.Entry e, long s) => uniform ? e.Trigger + s : (e.Trigger * 7 + e.Ordinal) % 401;
                    set.Rekey(NewTrigger, shift);
                    var moved = model.Select(e => e with { Trigger = NewTrigger(e, shift) }).ToList();
                    model = new SortedSet<TriggerSet.Entry>(moved);
                    filed = moved.ToDictionary(e => (int)e.Ordinal - 1);
                    continue;
                }

                if (filed.Remove(who, out var old))
                {
                    set.Remove(old);
                    model.Remove(old);
                    if (kind < 4)
                        continue; // removed only
                }

                var e = new TriggerSet.Entry(trigger, who + 1, accounts[who]);
                set.Add(e);
                model.Add(e);
                filed[who] = e;
            }

            Assert.Equal(model.Count, set.Count);
            Assert.Equal(model.ToList(), set.All().ToList());
        }, iter: 100);
    }
}
