using SocialLoss.Contract;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Events;
using SocialLoss.Core.Numbers;
using Spectre.Console;

namespace SocialLoss.Cli;

/// <summary>Tables a person reads after a crash: liquidations, ADL, who paid the bad debt, final accounts.</summary>
internal static class CrashSummary
{
    public static void Render(IAnsiConsole console, Replay replay)
    {
        var ledger = replay.Engine.Ledger;
        var events = replay.Events;
        string Price(MarketId m, Price p) => ledger.Markets[m.Value].Spec.Format(p);
        string Qty(MarketId m, Quantity q) => ledger.Markets[m.Value].Spec.Format(q);

        var named = PolicyCatalog.Matching(ledger.Config);
        console.MarkupLine($"Policy: [bold]{Markup.Escape(named.Count > 0 ? named[0].Name : "not in the catalog")}[/] — {Markup.Escape(PolicyCatalog.Summary(ledger.Config))}");
        console.MarkupLine($"{replay.Commands} commands, {events.Count} events, {events.OfType<Rejected>().Count()} rejected.");
        console.WriteLine();

        var liquidations = new Table().Title("[bold]Liquidations[/]").Border(TableBorder.Rounded);
        foreach (var h in new[] { "line", "account", "market", "size", "mark", "bankr. price", "equity", "maint.", "fee", "taken by" })
            liquidations.AddColumn(new TableColumn(h).RightAligned());
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i] is not Liquidated l)
                continue;
            var takers = new List<string>();
            for (int j = i + 1; j < events.Count && events[j] is ClosedOut or Deleveraged; j++)
            {
                if (events[j] is ClosedOut co)
                    takers.Add($"{(co.Via == CloseOutVia.Book ? "book" : co.Counterparty.Value)} {Qty(co.Market, co.Quantity)} @ {Price(co.Market, co.Price)}");
                else if (events[j] is Deleveraged d)
                    takers.Add($"ADL {d.Account} {Qty(d.Market, d.Quantity)} @ {Price(d.Market, d.Price)}");
            }

            liquidations.AddRow(l.Cmd.ToString(), l.Account.Value, l.Market.Value, Qty(l.Market, l.Quantity), Price(l.Market, l.Price),
                Price(l.Market, l.BankruptcyPrice), l.Equity.ToString(), l.MaintenanceMargin.ToString(), l.Fee.ToString(), Markup.Escape(string.Join("\n", takers)));
        }

        Show(console, liquidations, "No account was liquidated.");

        var adl = new Table().Title("[bold]Auto-deleveraged[/]").Border(TableBorder.Rounded);
        foreach (var h in new[] { "line", "rank", "account", "against", "market", "closed", "price" })
            adl.AddColumn(new TableColumn(h).RightAligned());
        foreach (var d in events.OfType<Deleveraged>())
            adl.AddRow(d.Cmd.ToString(), d.Rank.ToString(), d.Account.Value, d.Counterparty.Value, d.Market.Value, Qty(d.Market, d.Quantity), Price(d.Market, d.Price));
        Show(console, adl, "No position was auto-deleveraged.");

        var waterfall = new Table().Title("[bold]Who paid the bad debt[/]").Border(TableBorder.Rounded);
        foreach (var h in new[] { "line", "bankrupt", "bad debt", "insurance fund", "defaulter's fund + CCP", "other traders", "deficit" })
            waterfall.AddColumn(new TableColumn(h).RightAligned());
        var attribution = new LossAttribution();
        attribution.Observe(events);
        foreach (var b in attribution.Summarize(ledger).Bankruptcies)
            waterfall.AddRow(b.Cmd.ToString(), b.Account.Value, b.BadDebt.ToString(), b.Fund.ToString(), b.Resources.ToString(), b.Socialized.ToString(), b.Deficit.ToString());

        Show(console, waterfall, "No bad debt: every liquidation was covered by the account's own equity.");

        var clawbacks = events.OfType<ClawedBack>().GroupBy(c => c.Account.Value).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (clawbacks.Count > 0)
        {
            var t = new Table().Title("[bold]Clawback (haircut of unrealized profit)[/]").Border(TableBorder.Rounded);
            foreach (var h in new[] { "account", "paid", "times", "largest share of base" })
                t.AddColumn(new TableColumn(h).RightAligned());
            foreach (var g in clawbacks)
                t.AddRow(g.Key, new Money(g.Sum(c => c.Amount.Micros)).ToString(), g.Count().ToString(), $"{g.Max(c => c.Rate):P2}");
            console.Write(t);
        }

        var accounts = new Table().Title("[bold]Accounts at the end[/]").Border(TableBorder.Rounded);
        foreach (var h in new[] { "account", "net deposits", "balance", "equity", "PnL", "positions" })
            accounts.AddColumn(new TableColumn(h).RightAligned());
        foreach (var (name, a) in ledger.Accounts)
        {
            if (a.IsBuiltIn)
                continue;
            var equity = Risk.Equity(ledger, a);
            var net = a.Principal; // deposits less withdrawals
            var pnl = equity - net;
            var positions = string.Join(", ", a.OpenPositions.Select(p => $"{ledger.Markets[p.Key].Spec.Format(p.Value.Quantity)} {p.Key}"));
            accounts.AddRow(name, net.ToString(), a.Balance.ToString(), equity.ToString(),
                pnl.IsNegative ? $"[red]{pnl}[/]" : $"[green]{pnl}[/]", positions.Length == 0 ? "-" : positions);
        }

        console.Write(accounts);
        console.MarkupLine($"Insurance fund [bold]{ledger.Insurance.Balance}[/], deficit [bold]{ledger.Deficit}[/], " +
                           $"market (external liquidity) balance {ledger.MarketAccount.Balance}.");
        console.MarkupLine(Invariants.Check(ledger) is { } v
            ? $"[red]Invariant violated: {Markup.Escape(v)}[/]"
            : "[green]Conservation holds[/]: balances + unrealized PnL = net deposits + deficit, exactly; positions net to zero.");
        console.MarkupLine($"State hash [dim]{StateHash.Compute(ledger)}[/]");
    }

    private static void Show(IAnsiConsole console, Table table, string empty)
    {
        if (table.Rows.Count == 0)
            console.MarkupLine($"[dim]{Markup.Escape(empty)}[/]");
        else
            console.Write(table);
    }
}
