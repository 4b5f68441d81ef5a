using SocialLoss.Core.Commands;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Oracle;

/// <summary>
/// The clearing-house side, naively: the <c>member</c>, <c>sitg</c> and <c>default</c> commands and the CCP stages of the
/// loss waterfall in the PFMI order (defaulter's margin, defaulter's default-fund contribution, skin in the game, the
/// survivors' contributions, assessments, variation-margin gains haircut, tear-up). Rules read from Core's
/// <c>Waterfall/*Stage.cs</c> and <c>ClearingEngine</c>; every amount is computed here over a full scan.
/// </summary>
public sealed partial class OracleEngine
{
    /// <summary>The clearing house's own capital left ("skin in the game"), in units.</summary>
    public decimal Sitg { get; private set; }

    private Rejected? Member(MemberCommand c)
    {
        if (IsBuiltIn(c.Account.Value))
            return new Rejected(RejectCode.BuiltInAccount, $"account {c.Account} is built in");
        if (c.DefaultFund.Micros <= 0)
            return new Rejected(RejectCode.InvalidValue, "defaultFund must be greater than 0");
        var amount = Units(c.DefaultFund);
        var current = _accounts.GetValueOrDefault(c.Account.Value)?.DefaultFund ?? 0m;
        Emit(new MemberContributed(c.Account, c.DefaultFund, MoneyOf(current + amount)));
        var a = GetOrAdd(c.Account.Value);
        a.DefaultFund += amount;
        a.Contributed += amount;
        NetDeposits += amount;
        return null;
    }

    private Rejected? SkinInTheGame(SitgCommand c)
    {
        if (c.Amount.Micros <= 0)
            return new Rejected(RejectCode.InvalidValue, "amount must be greater than 0");
        var amount = Units(c.Amount);
        Emit(new SitgContributed(c.Amount, MoneyOf(Sitg + amount)));
        Sitg += amount;
        NetDeposits += amount;
        return null;
    }

    /// <summary>
    /// Declares a member in default; its positions are closed out at the next sweep (a mark, trade or funding), as a CCP
    /// auctions the book at the next settlement. Everyone's equity now is the start of the VMGH period.
    /// </summary>
    private Rejected? Default(DefaultCommand c)
    {
        if (IsBuiltIn(c.Account.Value))
            return new Rejected(RejectCode.BuiltInAccount, $"account {c.Account} is built in");
        if (!_accounts.TryGetValue(c.Account.Value, out var a))
            return new Rejected(RejectCode.UnknownAccount, $"account {c.Account} does not exist");
        if (a.IsDefaulted)
            return new Rejected(RejectCode.InvalidValue, $"account {c.Account} is already in default");
        Emit(new Defaulted(c.Account));
        a.IsDefaulted = true;
        foreach (var x in _ordered)
            x.EquityAtDefault = Equity(x);
        return null;
    }

    /// <summary>The defaulter's own default-fund contribution, up to what is left of it (defaulter pays first).</summary>
    private decimal DefaulterDefaultFund(RAccount bankrupt, decimal remaining)
    {
        var pay = Math.Min(remaining, bankrupt.DefaultFund);
        if (pay <= 0)
            return 0;
        Emit(new DefaultFundUsed(WaterfallStageKind.DefaulterDefaultFund, new AccountId(bankrupt.Id), new AccountId(bankrupt.Id), MoneyOf(pay)));
        bankrupt.DefaultFund -= pay;
        bankrupt.Balance += pay;
        return pay;
    }

    /// <summary>The clearing house's capital, after the defaulter's resources (EMIR art. 45).</summary>
    private decimal SkinInTheGame(RAccount bankrupt, decimal remaining)
    {
        var pay = Math.Min(remaining, Sitg);
        if (pay <= 0)
            return 0;
        Emit(new DefaultFundUsed(WaterfallStageKind.Sitg, null, new AccountId(bankrupt.Id), MoneyOf(pay)));
        Sitg -= pay;
        bankrupt.Balance += pay;
        return pay;
    }

    /// <summary>
    /// The surviving members' default-fund contributions (not the bankrupt's, not a defaulter's): in proportion to what
    /// is left of each, each at most that, by water-filling in micro-units, ties to the lower account id.
    /// </summary>
    private decimal SurvivorsDefaultFund(RAccount bankrupt, decimal remaining)
    {
        var members = _ordered.Where(a => a.Id != bankrupt.Id && !a.IsDefaulted && a.DefaultFund > 0).ToList();
        if (members.Count == 0)
            return 0;
        var left = members.Select(a => a.DefaultFund / Exact.Micro).ToList();
        var parts = WaterFill(remaining / Exact.Micro, left, left);
        decimal covered = 0;
        for (int i = 0; i < members.Count; i++)
        {
            var part = parts[i] * Exact.Micro;
            if (part <= 0)
                continue;
            Emit(new DefaultFundUsed(WaterfallStageKind.SurvivorsDefaultFund, new AccountId(members[i].Id), new AccountId(bankrupt.Id), MoneyOf(part)));
            members[i].DefaultFund -= part;
            bankrupt.Balance += part;
            covered += part;
        }

        return covered;
    }

    /// <summary>
    /// Assessments (Eurex: k = 2): cash calls on the surviving members (not built in, not defaulted, having contributed),
    /// in proportion to their contribution, each at most <c>floor(k x contribution) − assessed so far</c> and at most its
    /// equity (never negative). Charged to the balances.
    /// </summary>
    private decimal Assessments(RAccount bankrupt, decimal remaining)
    {
        decimal k = _config.AssessmentMultiple.Ppb;
        var payers = new List<(RAccount, decimal, decimal, decimal)>();
        foreach (var a in _ordered)
        {
            if (a.Id == bankrupt.Id || a.IsDefaulted || IsBuiltIn(a.Id) || a.Contributed <= 0)
                continue;
            var limit = Exact.FloorDiv(a.Contributed * k, Core.Numbers.Rate.Scale * Exact.Micro) * Exact.Micro;
            payers.Add((a, a.Contributed, Math.Max(0m, Math.Min(limit - a.Assessed, Equity(a))), a.Contributed));
        }

        return Charge(bankrupt, remaining, payers, WaterfallStageKind.Assessments);
    }

    /// <summary>
    /// Variation-margin gains haircut (Elliott, BoE FSP 20): every survivor (not built in, not defaulted) gives up the same
    /// share of its gain since the default or the last settle, the gain capped by its lifetime profit (never principal).
    /// </summary>
    private decimal Vmgh(RAccount bankrupt, decimal remaining)
    {
        var payers = new List<(RAccount, decimal, decimal, decimal)>();
        foreach (var a in _ordered)
        {
            if (IsBuiltIn(a.Id) || a.Id == bankrupt.Id || a.IsDefaulted)
                continue;
            var equity = Equity(a);
            var gain = Math.Min(equity - a.EquityAtDefault, equity - a.Principal);
            if (gain > 0)
                payers.Add((a, gain, gain, gain));
        }

        return Charge(bankrupt, remaining, payers, WaterfallStageKind.Vmgh);
    }

    /// <summary>
    /// Tear-up (PFMI recovery; LCH, Eurex rulebooks): each position the fund took over is closed at the mark against the
    /// surviving opposite positions (not built in, not defaulted), in proportion to their size in lots, each at most its
    /// size. Closing at the mark moves no value: it covers nothing.
    /// </summary>
    private decimal TearUp()
    {
        var fund = _accounts[InsuranceName];
        foreach (var name in fund.OpenMarkets().ToList())
        {
            var m = _markets[name];
            var mark = m.Mark!.Value;
            var position = fund.Position(name);
            int side = Math.Sign(position.Quantity);
            var survivors = _ordered.Where(a => !IsBuiltIn(a.Id) && !a.IsDefaulted && Math.Sign(a.QuantityIn(name)) == -side).ToList();
            if (survivors.Count == 0)
                continue;
            var sizes = survivors.Select(a => Math.Abs(a.QuantityIn(name)) / m.Lot).ToList();
            var parts = WaterFill(Math.Abs(position.Quantity) / m.Lot, sizes, sizes);
            for (int i = 0; i < survivors.Count; i++)
            {
                if (parts[i] <= 0)
                    continue;
                var q = parts[i] * m.Lot;
                Emit(new ClosedOut(new AccountId(fund.Id), new MarketId(name), new AccountId(survivors[i].Id),
                    CloseOutVia.TearUp, Lots(m, q), Ticks(m, mark)));
                fund.Balance += Fill(position, -side * q, mark);
                survivors[i].Balance += Fill(survivors[i].Position(name), side * q, mark);
            }
        }

        return 0;
    }

    /// <summary>Checks the members' resources and the skin in the game against a ledger rebuilt from the events.</summary>
    private void CheckMembers(Ledger ledger)
    {
        foreach (var a in _ordered)
        {
            var la = ledger.Account(new AccountId(a.Id))!;
            if (a.DefaultFund != Units(la.DefaultFund) || a.Contributed != Units(la.Contributed) || a.Assessed != Units(la.Assessed)
                || a.IsDefaulted != la.IsDefaulted)
                throw new InvalidOperationException($"{a.Id}: default fund, contribution, assessments or default flag differ from the ledger rebuilt from its events");
        }

        if (Sitg != Units(ledger.Sitg))
            throw new InvalidOperationException($"sitg: reference {Sitg}, ledger rebuilt from its events {Units(ledger.Sitg)}");
    }

    private sealed partial class RAccount
    {
        /// <summary>Default-fund contribution left (units).</summary>
        public decimal DefaultFund { get; set; }

        /// <summary>Everything contributed to the default fund (units): the base of assessments.</summary>
        public decimal Contributed { get; set; }

        /// <summary>Assessments paid so far (units), against the cap k x contribution.</summary>
        public decimal Assessed { get; set; }

        /// <summary>Equity at the last declared default or settle (units): where VMGH gains start.</summary>
        public decimal EquityAtDefault { get; set; }

        /// <summary>True once declared in default.</summary>
        public bool IsDefaulted { get; set; }
    }
}
