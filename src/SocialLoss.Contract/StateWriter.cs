using System.Buffers;
using System.Text;
using System.Text.Json;
using SocialLoss.Core.Adl;
using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>
/// Writes the final state of contract v1: every account (including <c>market</c> and <c>insurance</c>)
/// with balance, equity, margins and positions (quantity, entry price, exact cost, unrealized PnL,
/// liquidation and bankruptcy prices, ADL indicator); every market with its mark; the insurance fund,
/// the deficit, totals and the state hash.
/// </summary>
public static class StateWriter
{
    /// <summary>The state as indented JSON.</summary>
    public static string Write(Ledger ledger) => Write(ledger, null);

    /// <summary>
    /// The state as indented JSON; with <paramref name="events"/>, also <c>"events": {"count", "chain"}</c>: how many
    /// event lines were written and the last link of their <see cref="EventChain"/>, which ties the event file to this state.
    /// </summary>
    public static string Write(Ledger ledger, EventChain? events)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, ledger, events);
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void Write(Utf8JsonWriter w, Ledger ledger, EventChain? events)
    {
        var indicators = Indicators(ledger);
        w.WriteStartObject();
        w.WriteStartObject("config");
        ConfigJson.Write(w, ledger.Config);
        w.WriteEndObject();
        w.WriteStartObject("markets");
        foreach (var (name, m) in ledger.Markets)
        {
            w.WriteStartObject(name);
            w.WriteString("mark", m.Mark is { } mk ? m.Spec.Format(mk) : null);
            long oi = 0;
            foreach (var a in ledger.Accounts.Values)
                oi += Math.Max(0, a.QuantityIn(m.Id).Lots);
            w.WriteString("openInterest", m.Spec.Format(new Quantity(oi)));
            MarketJson.WriteSpec(w, m.Spec);
            MarketJson.WriteLevels(w, "bids", m.Bids, m.Spec);
            MarketJson.WriteLevels(w, "asks", m.Asks, m.Spec);
            if (m.FundingIndex != 0 || m.FundingRemainder != 0)
            {
                // funding: "index" only, so other states stay byte-identical: the index and the rounding kept, money per lot
                w.WriteString("fundingIndex", FixedPoint.Format(m.FundingIndex, FundingIndexJson.Decimals));
                w.WriteString("fundingRemainder", FixedPoint.Format(m.FundingRemainder, FundingIndexJson.Decimals));
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("accounts");
        Int128 balances = 0, pnl = 0;
        foreach (var (name, a) in ledger.Accounts)
        {
            var upnl = Risk.UnrealizedPnl(ledger, a);
            balances += a.Balance.Micros;
            pnl += upnl.Micros;
            w.WriteStartObject(name);
            w.WriteString("balance", a.Balance.ToString());
            w.WriteString("equity", (a.Balance + upnl).ToString());
            w.WriteString("unrealizedPnl", upnl.ToString());
            w.WriteString("initialMargin", Risk.InitialMargin(ledger, a).ToString());
            w.WriteString("maintenanceMargin", Risk.MaintenanceMargin(ledger, a).ToString());
            w.WriteBoolean("backstop", a.IsBackstop);
            w.WriteString("principal", a.Principal.ToString());
            if (a.Contributed.IsPositive || a.IsDefaulted)
            {
                w.WriteString("defaultFund", a.DefaultFund.ToString());
                w.WriteString("assessed", a.Assessed.ToString());
                w.WriteBoolean("defaulted", a.IsDefaulted);
            }

            w.WriteString("periodProfit", (a.Balance + upnl - a.Principal - a.ProfitAtSettle).ToString());
            w.WriteStartObject("positions");
            foreach (var (market, p) in a.OpenPositions)
            {
                var ms = ledger.Markets[market];
                var spec = ms.Spec;
                w.WriteStartObject(market);
                w.WriteString("quantity", spec.Format(p.Quantity));
                w.WriteString("entryPrice", FixedPoint.Normalize(decimal.Round(
                    p.Cost.Micros / (decimal)Money.Scale / spec.ToDecimal(p.Quantity), 10, MidpointRounding.ToEven)));
                w.WriteString("cost", p.Cost.ToString());
                w.WriteString("unrealizedPnl", p.UnrealizedPnl(spec, ms.RequireMark()).ToString());
                if (a.IsBuiltIn)
                {
                    w.WriteNull("liquidationPrice");
                    w.WriteNull("bankruptcyPrice");
                    w.WriteNull("adlIndicator");
                }
                else
                {
                    var lp = Risk.LiquidationPrice(ledger, a, ms.Id);
                    w.WriteString("liquidationPrice", lp is { } l ? spec.Format(l) : null);
                    w.WriteString("bankruptcyPrice", spec.Format(Risk.BankruptcyPrice(ledger, a, ms.Id)));
                    w.WriteNumber("adlIndicator", indicators.GetValueOrDefault((name, market)));
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteString("insuranceFund", ledger.Insurance.Balance.ToString());
        w.WriteString("deficit", ledger.Deficit.ToString());
        w.WriteString("sitg", ledger.Sitg.ToString());
        w.WriteStartObject("totals");
        w.WriteString("netDeposits", ledger.NetDeposits.ToString());
        w.WriteString("balances", FixedPoint.Format(balances, Money.Decimals));
        w.WriteString("unrealizedPnl", FixedPoint.Format(pnl, Money.Decimals));
        w.WriteNumber("accounts", ledger.Accounts.Count);
        w.WriteEndObject();
        if (events is not null)
        {
            w.WriteStartObject("events");
            w.WriteNumber("count", events.Count);
            w.WriteString("chain", events.Digest);
            w.WriteEndObject();
        }

        w.WriteString("stateHash", StateHash.Compute(ledger));
        w.WriteEndObject();
    }

    /// <summary>ADL indicator (0–4) of every margined position, under the configured ranking.</summary>
    public static Dictionary<(string Account, string Market), int> Indicators(Ledger ledger)
    {
        var result = new Dictionary<(string, string), int>();
        foreach (var m in ledger.Markets.Values)
        {
            if (m.Mark is null)
                continue;
            foreach (var side in new[] { 1, -1 })
            {
                var queue = AdlQueue.Build(ledger, m.Id, side, ledger.Config.AdlRanking);
                var ind = AdlQueue.Indicators(queue);
                for (int i = 0; i < queue.Count; i++)
                    result[(queue[i].Account.Id.Value, m.Id.Value)] = ind[i];
            }
        }

        return result;
    }
}
