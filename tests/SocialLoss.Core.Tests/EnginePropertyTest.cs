using System.Globalization;
using CsCheck;
using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;
using SocialLoss.Core.Tests.Support;
using SocialLoss.Core.Waterfall;

namespace SocialLoss.Core.Tests;

/// <summary>
/// Property tests of the whole engine over random worlds: 1–3 markets with random tick and lot sizes, flat or
/// tiered margins; 2–30 accounts trading near their initial margin; marks that drift and crash (−50%..+100%);
/// thin books; funding, withdrawals, deposits, backstop flags, fund top-ups, settlements and invalid commands;
/// under a random policy (close-out rungs and order, ADL ranking and price, waterfall stages and order, clawback
/// method, base and cap, withdrawal haircut, backstop price).
/// </summary>
public sealed class EnginePropertyTest
{
    private const int Iterations = 400;

    private static readonly decimal[] TickSizes = [0.001m, 0.01m, 0.1m, 0.5m, 1m, 5m];
    private static readonly decimal[] LotSizes = [0.001m, 0.01m, 0.1m, 1m, 10m];
    private static readonly long[] InitialRates = [20_000_000, 50_000_000, 100_000_000, 200_000_000, 500_000_000]; // ppb: 2%, 5%, 10%, 20%, 50%
    private static readonly long[] FeeRates = [0, 500_000, 5_000_000, 20_000_000];                                // 0, 0.05%, 0.5%, 2%

    internal sealed record MarketPlan(int Tick, int Lot, int Im, int MmPercent, int Fee, int StartTicks, int TierCount);

    internal sealed record PolicyPlan(int RungMask, int RungOrder, int Ranking, int AdlPrice, int WaterfallOrder, int WaterfallLength,
        int Method, int Base, bool Haircut, int BackstopPrice, int CapPercent, int Seed);

    internal readonly record struct Step(int Kind, int A, int B, int C, int D);

    internal sealed record World(PolicyPlan Policy, MarketPlan[] Markets, long[] Deposits, long FundMicros, Step[] Steps);

    private static readonly Gen<MarketPlan> GenMarket =
        Gen.Select(Gen.Int[0, TickSizes.Length - 1], Gen.Int[0, LotSizes.Length - 1], Gen.Int[0, InitialRates.Length - 1],
            Gen.Int[20, 90], Gen.Int[0, FeeRates.Length - 1], Gen.Int[20, 5_000], Gen.Int[0, 3],
            (t, l, im, mm, f, s, tiers) => new MarketPlan(t, l, im, mm, f, s, tiers));

    private static readonly Gen<PolicyPlan> GenPolicy =
        from rungs in Gen.Select(Gen.Int[0, 7], Gen.Int[0, 5], Gen.Int[1, 8], Gen.Int[0, 18])
        from waterfall in Gen.Select(Gen.Int[0, 23], Gen.Int[0, 4], Gen.Int[1, 4], Gen.Int[1, 2])
        from rest in Gen.Select(Gen.Bool, Gen.Int[1, 3], Gen.Int[1, 100], Gen.Int)
        select new PolicyPlan(rungs.Item1, rungs.Item2, rungs.Item3, rungs.Item4, waterfall.Item1, waterfall.Item2,
            waterfall.Item3, waterfall.Item4, rest.Item1, rest.Item2, rest.Item3, rest.Item4);

    private static readonly Gen<Step> GenStep =
        Gen.Select(Gen.Int[0, 999], Gen.Int[0, 9_999], Gen.Int[0, 9_999], Gen.Int[0, 9_999], Gen.Int[0, 9_999],
            (k, a, b, c, d) => new Step(k, a, b, c, d));

    internal static readonly Gen<World> GenWorld =
        from policy in GenPolicy
        from markets in GenMarket.Array[1, 3]
        from deposits in Gen.Long[50_000_000, 100_000_000_000].Array[2, 30]
        from fund in Gen.Long[0, 5_000_000_000]
        from steps in GenStep.Array[10, 90]
        select new World(policy, markets, deposits, fund, steps);

    // ---------------------------------------------------------------------------------------------
    // From a plan to commands. Sizes and prices depend on the state (marks, equity), so the commands are
    // built while the first engine runs; the list is recorded and replayed on a second engine.
    // ---------------------------------------------------------------------------------------------

    private static string Market(int i) => $"M{i}";

    private static string Account(int i) => $"a{i:D2}";

    internal static EngineConfig PolicyOf(PolicyPlan p)
    {
        CloseOutStage[] all = [CloseOutStage.Book, CloseOutStage.Backstop, CloseOutStage.Adl];
        int[][] orders3 = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        var rungs = orders3[p.RungOrder].Where(i => (p.RungMask & (1 << i)) != 0).Select(i => all[i]).ToArray();
        WaterfallStageKind[] stages = [WaterfallStageKind.Insurance, WaterfallStageKind.Clawback, WaterfallStageKind.OpenInterest, WaterfallStageKind.DepositIndex];
        var order = Permutation(p.WaterfallOrder, 4);
        // the insurance fund leads more often than not, as at every venue
        var waterfall = order.Take(p.WaterfallLength).Select(i => stages[i]).ToArray();
        return new EngineConfig(
            rungs,
            (AdlRankingKind)p.Ranking,
            p.AdlPrice switch { < 7 => ClosePrice.Bankruptcy, < 15 => ClosePrice.Mark, < 18 => ClosePrice.PreviousMark, _ => ClosePrice.Ftx }, // Ftx: rejected, defaults apply
            waterfall,
            (ClawbackMethod)p.Method,
            (ClawbackBase)p.Base,
            p.Haircut,
            (ClosePrice)p.BackstopPrice)
        {
            AdlSeed = unchecked((ulong)(uint)p.Seed),
            ClawbackCap = new Rate(p.CapPercent * 10_000_000L),
            // spare bits of the seed: pooled per-wave allocation, Hyperliquid's backstop by transfer
            Allocation = (p.Seed & 2) != 0 ? AllocationScope.PerWave : AllocationScope.PerBankruptcy,
            BackstopTransferBelow = (p.Seed & 12) == 0 ? Rate.Parse("0.666666667") : null,
        };
    }

    private static int[] Permutation(int index, int n)
    {
        var items = Enumerable.Range(0, n).ToList();
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            int f = Factorial(n - 1 - i);
            result[i] = items[index / f % items.Count];
            items.RemoveAt(index / f % items.Count);
            index %= f;
        }

        return result;

        static int Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);
    }

    private static ListMarketCommand ListMarket(int i, MarketPlan m)
    {
        long im = InitialRates[m.Im];
        long mm = Math.Max(1, im * m.MmPercent / 100);
        var tiers = new List<MarginTier>();
        // tiers: smaller notionals get lower rates, the flat rates are the open-ended top bracket
        for (int t = 0; t < m.TierCount; t++)
        {
            long cap = 1_000_000L * (long)Math.Pow(10, 3 + t);           // 1,000 / 10,000 / 100,000 units
            long num = t + 1, den = m.TierCount + 1;
            tiers.Add(new MarginTier(new Money(cap), new Rate(Math.Max(2, im * num / den)), new Rate(Math.Max(1, mm * num / den))));
        }

        return new ListMarketCommand(new MarketId(Market(i)), TickSizes[m.Tick], LotSizes[m.Lot], new Rate(im), new Rate(mm), new Rate(FeeRates[m.Fee]), tiers);
    }

    /// <summary>Runs a world on <paramref name="engine"/>, handing each command and its events to <paramref name="observe"/>.</summary>
    internal static List<Command> Run(World w, ClearingEngine engine, Action<int, Command, IReadOnlyList<EngineEvent>> observe,
        FundingMode funding = FundingMode.PerAccount)
    {
        var commands = new List<Command>();
        var ledger = engine.Ledger;
        int na = w.Deposits.Length, nm = w.Markets.Length;

        void Do(Command c)
        {
            commands.Add(c);
            observe(commands.Count, c, engine.Execute(c, commands.Count));
        }

        MarketState MarketAt(int i) => ledger.Markets[Market(i % nm)];
        long MarkTicks(MarketState ms, int i) => ms.Mark?.Ticks ?? w.Markets[i % nm].StartTicks;
        decimal PriceOf(MarketState ms, long ticks) => Math.Max(1, ticks) * ms.Spec.TickSize;
        long StartTicks(int i) => w.Markets[i % nm].StartTicks;
        long ClampTicks(int i, long ticks) => Math.Clamp(ticks, Math.Max(1, StartTicks(i) / 20), StartTicks(i) * 20);

        Do(new ConfigureCommand(PolicyOf(w.Policy) with { Funding = funding }));
        for (int i = 0; i < nm; i++)
            Do(ListMarket(i, w.Markets[i]));
        if (w.FundMicros > 0)
            Do(new InsuranceCommand(new Money(w.FundMicros)));
        for (int i = 0; i < na; i++)
            Do(new DepositCommand(new AccountId(Account(i)), new Money(w.Deposits[i])));
        for (int i = 0; i < nm; i++)
            Do(new MarkCommand(new MarketId(Market(i)), PriceOf(MarketAt(i), StartTicks(i))));

        foreach (var s in w.Steps)
        {
            int mi = s.A % nm;
            var ms = MarketAt(mi);
            long mark = MarkTicks(ms, mi);
            switch (s.Kind)
            {
                case < 350: // a trade near the mark, mostly close to the initial margin of the margined side
                {
                    int bi = s.B % (na + 1), si = s.C % (na + 1);
                    if (bi == si)
                        si = na;
                    var buyer = bi == na ? AccountId.Market : new AccountId(Account(bi));
                    var seller = si == na ? AccountId.Market : new AccountId(Account(si));
                    // mostly within ±1% of the mark; one in ten up to ±20% away (instant profit or loss for a side)
                    long bps = s.D % 10 == 0 ? s.C % 4_001 - 2_000 : s.D % 201 - 100;
                    long price = Math.Max(1, mark * (10_000 + bps) / 10_000);
                    var sizer = ledger.Account(buyer.IsBuiltIn ? seller : buyer);
                    var equity = sizer is null ? Money.Zero : Risk.Equity(ledger, sizer);
                    // 60%: 80–105% of the leverage IM allows; 40%: anywhere in 1–120%
                    int pct = s.D / 201 % 5 < 3 ? 80 + s.D / 1_000 % 26 : 1 + s.D / 1_000 % 120;
                    Int128 perLot = (Int128)price * ms.Spec.ValuePerLotTick;
                    Int128 lots = equity.IsPositive
                        ? (Int128)equity.Micros * pct * Rate.Scale / (100 * (Int128)ms.Spec.InitialMargin.Ppb * perLot)
                        : 1;
                    lots = Int128.Clamp(lots, 1, 1_000_000_000);
                    Do(new TradeCommand(ms.Id, buyer, seller, PriceOf(ms, price), (long)lots * ms.Spec.LotSize));
                    break;
                }

                case < 550: // a mark: mostly drift of up to ±8%, sometimes a crash or squeeze of −50%..+100%
                {
                    long bps = s.B % 10 < 7 ? s.C % 1_601 - 800 : s.C % 15_001 - 5_000;
                    long ticks = ClampTicks(mi, mark * (10_000 + bps) / 10_000);
                    Do(new MarkCommand(ms.Id, PriceOf(ms, ticks)));
                    break;
                }

                case < 650: // a thin book: 0–3 levels a side, 0.5–30% away, each a sliver of the average position
                {
                    long open = 0, holders = 0;
                    foreach (var a in ledger.Accounts.Values)
                    {
                        long q = Math.Abs(a.QuantityIn(ms.Id).Lots);
                        if (q > 0 && !a.IsBuiltIn)
                        {
                            open += q;
                            holders++;
                        }
                    }

                    long average = holders == 0 ? 1 : Math.Max(1, open / holders);
                    (decimal, decimal)[] Levels(int count, int sign, int seed) =>
                        Enumerable.Range(1, count).Select(k =>
                        {
                            long away = 50 + (seed * k) % 3_000;                             // bps
                            long ticks = Math.Max(1, mark * (10_000 + sign * away) / 10_000);
                            long lots = Math.Max(1, average * (1 + (seed / 7 * k) % 100) / 100);
                            return (PriceOf(ms, ticks), lots * ms.Spec.LotSize);
                        }).ToArray();
                    Do(new BookCommand(ms.Id, Levels(s.B % 4, -1, s.C), Levels(s.D % 4, +1, s.D)));
                    break;
                }

                case < 700: // funding of up to ±0.1%, sometimes ±2%
                {
                    long ppb = s.B % 5 == 0 ? (s.C % 41 - 20) * 1_000_000L : (s.C % 201 - 100) * 10_000L;
                    Do(new FundingCommand(ms.Id, new Rate(ppb)));
                    break;
                }

                case < 780: // a withdrawal of 1–130% of free collateral
                {
                    var id = new AccountId(Account(s.B % na));
                    var a = ledger.Account(id);
                    long free = a is null ? 0 : Math.Max(0, Risk.FreeCollateral(ledger, a).Micros);
                    long amount = Math.Max(1, (long)((Int128)free * (1 + s.C % 130) / 100));
                    Do(new WithdrawCommand(id, new Money(amount)));
                    break;
                }

                case < 840:
                    Do(new DepositCommand(new AccountId(Account(s.B % na)), new Money(1_000_000L * (1 + s.C))));
                    break;
                case < 890:
                    Do(new BackstopCommand(new AccountId(Account(s.B % na)), s.C % 3 != 0));
                    break;
                case < 930:
                    Do(new InsuranceCommand(new Money(1_000_000L * (1 + s.C))));
                    break;
                case < 950:
                    Do(new SettleCommand());
                    break;
                case < 975: // well-formed commands that break a rule
                    Do((s.B % 5) switch
                    {
                        0 => new MarkCommand(new MarketId("NOPE"), 1m),
                        1 => new DepositCommand(AccountId.Insurance, Money.FromUnits(1)),
                        2 => new TradeCommand(ms.Id, AccountId.Insurance, new AccountId(Account(0)), PriceOf(ms, mark), ms.Spec.LotSize),
                        3 => new WithdrawCommand(new AccountId("nobody"), Money.FromUnits(1)),
                        _ => new ConfigureCommand(EngineConfig.Default),
                    });
                    break;
                default: // a correlated crash: every market moves by the same −50%..+30%
                {
                    long bps = s.C % 8_001 - 5_000;
                    for (int i = 0; i < nm; i++)
                    {
                        var m = MarketAt(i);
                        Do(new MarkCommand(m.Id, PriceOf(m, ClampTicks(i, MarkTicks(m, i) * (10_000 + bps) / 10_000))));
                    }

                    break;
                }
            }
        }

        return commands;
    }

    // ---------------------------------------------------------------------------------------------
    // The checks
    // ---------------------------------------------------------------------------------------------

    private sealed class PropertyFailure(string message) : Exception(message);

    /// <summary>
    /// Checks one command's events against the ledger after it, and applies them to <paramref name="shadow"/>
    /// (a ledger rebuilt from events only), checking each haircut against the shadow state just before it.
    /// </summary>
    private static void CheckCommand(int line, Command command, IReadOnlyList<EngineEvent> events, Ledger ledger, Ledger shadow, string stateBefore)
    {
        string At() => $"line {line}: {command}";
        if (Invariants.Check(ledger) is { } violation)
            throw new PropertyFailure($"{At()}: invariant broken: {violation}");

        if (events.OfType<Rejected>().Any())
        {
            if (events.Count != 1)
                throw new PropertyFailure($"{At()}: a rejected command emitted {events.Count} events");
            if (Canonical.State(ledger) != stateBefore)
                throw new PropertyFailure($"{At()}: a rejected command changed the state");
        }

        bool firstAdlFill = false;
        var wave = new Dictionary<string, (Money Base, Money Paid)>(StringComparer.Ordinal); // per-wave clawbacks: one base, paid over several bankrupts
        foreach (var e in events)
        {
            if (e is Liquidated or BadDebt)
                wave.Clear(); // a wave's bad debts all come before its clawbacks: a new one begins a new wave
            if (e.Seq != shadow.LastSeq + 1 || e.Cmd != line)
                throw new PropertyFailure($"{At()}: event {e} out of sequence (last {shadow.LastSeq})");
            // checks against the state just before the event (the shadow is exactly the engine's state then)
            switch (e)
            {
                case ClawedBack { Stage: WaterfallStageKind.Clawback } cb when shadow.Config.Allocation == AllocationScope.PerWave:
                    if (wave.TryGetValue(cb.Account.Value, out var seen))
                    {
                        // the wave's one allocation: the same base, the payer's total within it
                        var paid = seen.Paid + cb.Amount;
                        if (cb.Base != seen.Base || paid > seen.Base
                            || (shadow.Config.ClawbackMethod is ClawbackMethod.CappedProRata or ClawbackMethod.RiskAware && paid > shadow.Config.ClawbackCap.ApplyFloor(seen.Base)))
                            throw new PropertyFailure($"{At()}: {cb} after {seen.Paid} already paid on base {seen.Base} in this wave");
                        wave[cb.Account.Value] = (seen.Base, paid);
                    }
                    else
                    {
                        CheckHaircut(cb, shadow, At);
                        wave[cb.Account.Value] = (cb.Base, cb.Amount);
                    }

                    break;
                case ClawedBack cb:
                    CheckHaircut(cb, shadow, At);
                    break;
                // an account's bad debt is its negative balance after the close-out; the fund's is its negative equity,
                // with any position no rung could take still held (FundSolvency)
                case BadDebt bd when Owed(shadow, bd.Account) != -bd.Amount || !bd.Amount.IsPositive:
                    throw new PropertyFailure($"{At()}: {bd} but the balance is {shadow.Account(bd.Account)!.Balance}");
                case Liquidated l:
                    CheckLiquidated(l, shadow, At);
                    firstAdlFill = true;
                    break;
                case ClosedOut { Via: CloseOutVia.Fund } co when co.Price != shadow.Market(co.Market)!.Mark:
                    throw new PropertyFailure($"{At()}: the fund took {co} away from the mark");
                case ClosedOut { Via: CloseOutVia.Backstop } co when !shadow.Account(co.Counterparty)!.IsBackstop:
                    throw new PropertyFailure($"{At()}: {co} to an account that is not a backstop");
                case Deleveraged dl:
                    var mark = shadow.Market(dl.Market)!.RequireMark();
                    if (shadow.Config.AdlPrice == ClosePrice.Mark && dl.Price != mark)
                        throw new PropertyFailure($"{At()}: {dl} not at the mark {mark}");
                    var bp = Risk.BankruptcyPrice(shadow, shadow.Account(dl.Counterparty)!, dl.Market);
                    if (shadow.Config.AdlPrice == ClosePrice.Bankruptcy && firstAdlFill && dl.Price != bp)
                        throw new PropertyFailure($"{At()}: {dl} not at the bankruptcy price {bp}");
                    firstAdlFill = false;
                    break;
            }

            var backstopBefore = e is ClosedOut { Via: CloseOutVia.Backstop } b ? shadow.Account(b.Counterparty)!.QuantityIn(b.Market) : Quantity.Zero;
            shadow.Apply(e);
            if (e is ClosedOut { Via: CloseOutVia.Backstop } taken)
            {
                // a backstop takes only what keeps it at or above initial margin (or reduces its own position); a vault that
                // takes a whole account by transfer (Hyperliquid) only what keeps it at or above maintenance margin
                var backstop = shadow.Account(taken.Counterparty)!;
                var after = backstop.QuantityIn(taken.Market);
                bool reducing = Math.Abs(after.Lots) <= Math.Abs(backstopBefore.Lots) && (after.IsZero || after.Sign == backstopBefore.Sign);
                var floor = shadow.Config.BackstopTransferBelow is null ? Risk.InitialMargin(shadow, backstop) : Risk.MaintenanceMargin(shadow, backstop);
                if (!reducing && Risk.Equity(shadow, backstop) < floor)
                    throw new PropertyFailure($"{At()}: {taken} left the backstop below its margin {floor}");
            }
        }

        // the liquidation sweep leaves nobody below maintenance margin
        foreach (var a in ledger.Accounts.Values)
            if (Risk.IsBelowMaintenance(ledger, a))
                throw new PropertyFailure($"{At()}: {a.Id} is still below maintenance margin after the command");

        if (Canonical.State(shadow) != Canonical.State(ledger))
            throw new PropertyFailure($"{At()}: replaying the events does not rebuild the state:\n{Canonical.State(shadow)}\nvs\n{Canonical.State(ledger)}");
    }

    private static void CheckLiquidated(Liquidated l, Ledger before, Func<string> where)
    {
        var account = before.Account(l.Account)!;
        var market = before.Market(l.Market)!;
        if ((account.IsBuiltIn && account.Id != AccountId.Insurance) // an insolvent fund's positions go down the ladder too
            || l.Quantity != account.QuantityIn(l.Market) || l.Quantity.IsZero
            || l.Price != market.Mark
            || l.Equity != Risk.Equity(before, account)
            || l.MaintenanceMargin != Risk.MaintenanceMargin(before, account)
            || l.BankruptcyPrice != Risk.BankruptcyPrice(before, account, l.Market)
            || l.Fee.IsNegative)
            throw new PropertyFailure($"{where()}: {l} does not match the state: position {account.QuantityIn(l.Market)}, mark {market.Mark}, " +
                $"equity {Risk.Equity(before, account)}, MM {Risk.MaintenanceMargin(before, account)}, BP {Risk.BankruptcyPrice(before, account, l.Market)}");
    }

    private static Money Owed(Ledger ledger, AccountId id) =>
        id == AccountId.Insurance ? Risk.Equity(ledger, ledger.Insurance) : ledger.Account(id)!.Balance;

    private static void CheckHaircut(ClawedBack cb, Ledger before, Func<string> where)
    {
        // no one is charged while a stage listed before this one still has something to give: the insurance fund
        var waterfall = before.Config.Waterfall;
        int fundAt = waterfall.ToList().IndexOf(WaterfallStageKind.Insurance);
        // (what it can give: its cash, but never beyond its equity when positions it took over have lost some of it)
        var fundCanGive = Money.Min(before.Insurance.Balance, Risk.Equity(before, before.Insurance));
        if (fundAt >= 0 && fundAt < waterfall.ToList().IndexOf(cb.Stage) && fundCanGive.IsPositive)
            throw new PropertyFailure($"{where()}: {cb} while the insurance fund, ahead in the waterfall, still has {fundCanGive} to give");

        var account = before.Account(cb.Account) ?? throw new PropertyFailure($"{where()}: {cb} charges an unknown account");
        if (!cb.Amount.IsPositive)
            throw new PropertyFailure($"{where()}: {cb} is not positive");
        if (account.IsBuiltIn || account.Id == cb.Bankrupt)
            throw new PropertyFailure($"{where()}: {cb} charges a built-in or the bankrupt account");
        switch (cb.Stage)
        {
            case WaterfallStageKind.Clawback:
                var expectedBase = ClawbackStage.Base(before, account, before.Config.ClawbackBase);
                if (cb.Base != expectedBase)
                    throw new PropertyFailure($"{where()}: {cb} has base {cb.Base}, the account's base before the stage is {expectedBase}");
                if (cb.Amount > cb.Base)
                    throw new PropertyFailure($"{where()}: {cb} takes more than its base");
                if (account.IsBackstop)
                    throw new PropertyFailure($"{where()}: {cb} charges a backstop");
                if (before.Config.ClawbackBase == ClawbackBase.UnrealizedPnl
                    && cb.Amount > Money.Max(Money.Zero, Risk.UnrealizedPnl(before, account)))
                    throw new PropertyFailure($"{where()}: {cb} takes more than the account's positive unrealized PnL {Risk.UnrealizedPnl(before, account)}");
                if (before.Config.ClawbackMethod is ClawbackMethod.CappedProRata or ClawbackMethod.RiskAware
                    && cb.Amount > before.Config.ClawbackCap.ApplyFloor(cb.Base))
                    throw new PropertyFailure($"{where()}: {cb} exceeds the cap {before.Config.ClawbackCap} of its base");
                break;
            case WaterfallStageKind.DepositIndex:
                if (cb.Base != account.Balance || cb.Amount > cb.Base)
                    throw new PropertyFailure($"{where()}: {cb} does not fit the balance {account.Balance}");
                break;
            case WaterfallStageKind.OpenInterest:
                if (!account.HasPositions || cb.Amount > Money.Max(Money.Zero, Risk.Equity(before, account)))
                    throw new PropertyFailure($"{where()}: {cb} charges more than the equity {Risk.Equity(before, account)} of an open position");
                break;
            default:
                throw new PropertyFailure($"{where()}: {cb} from an unknown stage");
        }
    }

    /// <summary>Runs a world with every per-command check; returns the commands and all events.</summary>
    private static (List<Command> Commands, List<EngineEvent> Events, ClearingEngine Engine) RunChecked(World w, FundingMode funding = FundingMode.PerAccount)
    {
        var engine = new ClearingEngine();
        var shadow = new Ledger();
        var all = new List<EngineEvent>();
        var before = Canonical.State(engine.Ledger);
        var commands = Run(w, engine, (line, command, events) =>
        {
            CheckCommand(line, command, events, engine.Ledger, shadow, before);
            all.AddRange(events);
            before = Canonical.State(engine.Ledger);
        }, funding);
        return (commands, all, engine);
    }

    [Fact]
    public void Execute_RandomWorlds_EveryCommandKeepsInvariantsCapsHaircutsAndRebuildsFromEvents() =>
        GenWorld.Sample(w => { RunChecked(w); }, iter: Iterations);

    /// <summary>
    /// The same random worlds under <c>funding: "index"</c>: every command keeps the invariants (money conserved with the
    /// index's rounding counted, positions netting to zero), the caps and haircuts hold against balances that include the
    /// unsettled funding, and a ledger fed only the events is the engine's state after every command.
    /// </summary>
    [Fact]
    public void Execute_RandomWorldsWithTheFundingIndex_EveryCommandKeepsInvariantsAndRebuildsFromEvents() =>
        GenWorld.Sample(w => { RunChecked(w, FundingMode.Index); }, iter: Iterations / 2);

    [Fact]
    public void Execute_SameCommandsTwice_IdenticalEventsAndState_AndFreshLedgerRebuildsIt() => SameCommandsTwice(FundingMode.PerAccount);

    /// <summary>Determinism and the rebuild from events under <c>funding: "index"</c>, and a snapshot image that resumes.</summary>
    [Fact]
    public void Execute_SameCommandsTwiceWithTheFundingIndex_IdenticalEventsAndState_AndFreshLedgerRebuildsIt() => SameCommandsTwice(FundingMode.Index);

    private static void SameCommandsTwice(FundingMode funding) =>
        GenWorld.Sample(w =>
        {
            var (commands, events, engine) = RunChecked(w, funding);
            // (a world whose policy is rejected runs under the defaults: per-account funding)
            if (engine.Ledger.Config.Funding == FundingMode.Index && events.OfType<Funded>().Any())
                throw new PropertyFailure("a funding by index emitted funded events");

            var second = new ClearingEngine();
            var again = new List<EngineEvent>();
            for (int i = 0; i < commands.Count; i++)
                again.AddRange(second.Execute(commands[i], i + 1));
            if (Canonical.Events(events) != Canonical.Events(again))
                throw new PropertyFailure("the same commands gave different events");
            if (Canonical.State(second.Ledger) != Canonical.State(engine.Ledger))
                throw new PropertyFailure("the same commands gave a different state");

            var rebuilt = new Ledger();
            foreach (var e in events)
                rebuilt.Apply(e);
            if (Canonical.State(rebuilt) != Canonical.State(engine.Ledger)
                || rebuilt.Deficit != engine.Ledger.Deficit
                || rebuilt.NetDeposits != engine.Ledger.NetDeposits
                || rebuilt.Insurance.Balance != engine.Ledger.Insurance.Balance)
                throw new PropertyFailure("a fresh ledger fed the events does not rebuild the state");
            if (Canonical.State(Ledger.FromImage(engine.Ledger.Capture())) != Canonical.State(engine.Ledger))
                throw new PropertyFailure("a ledger restored from the engine's image is not its state");
        }, iter: Iterations / 2);

    /// <summary>
    /// The generator must actually break accounts, or the properties above would hold vacuously: over a fixed
    /// set of 200 seeds, enough worlds see liquidations, each close-out rung, ADL, bad debt, haircuts and deficits.
    /// </summary>
    [Fact]
    public void GenWorld_FixedSeeds_OftenReachLiquidationAdlBadDebtAndDeficit()
    {
        const int runs = 200;
        var seen = new Dictionary<string, int>();
        for (ulong seed = 1; seed <= runs; seed++)
        {
            var world = GenWorld.Generate(new PCG(7, seed), null!, out _);
            var (_, events, _) = RunChecked(world);
            var kinds = new HashSet<string>();
            foreach (var e in events)
            {
                kinds.Add(e.GetType().Name);
                if (e is ClosedOut co)
                    kinds.Add($"{nameof(ClosedOut)}.{co.Via}");
                if (e is ClawedBack cb)
                    kinds.Add($"{nameof(ClawedBack)}.{cb.Stage}");
            }

            foreach (var k in kinds)
                seen[k] = seen.GetValueOrDefault(k) + 1;
        }

        var report = string.Join(", ", seen.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
        // minimum share of the 200 worlds in which each kind of event occurs at least once
        // Observed with these seeds (when written): Liquidated 82%, Deleveraged 39%, BadDebt 56%, DeficitChanged 18%,
        // book 31%, backstop 20%, fund 55%, clawback 12%, open-interest 13%, deposit-index 19%. Floors at about half.
        (string Kind, int Percent)[] floors =
        [
            (nameof(Liquidated), 60), (nameof(Deleveraged), 20), (nameof(BadDebt), 30), (nameof(DeficitChanged), 8),
            ("ClosedOut.Book", 15), ("ClosedOut.Backstop", 10), ("ClosedOut.Fund", 25),
            ("ClawedBack.Clawback", 6), ("ClawedBack.OpenInterest", 6), ("ClawedBack.DepositIndex", 8),
            (nameof(Rejected), 50), (nameof(Funded), 50), (nameof(Withdrawn), 50),
        ];
        foreach (var (kind, percent) in floors)
            Assert.True(seen.GetValueOrDefault(kind) * 100 >= percent * runs,
                $"{kind} occurred in {seen.GetValueOrDefault(kind)} of {runs} worlds, want ≥ {percent}%; all: {report}");
    }
}
