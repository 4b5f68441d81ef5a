using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using SocialLoss.Core.Engine;

namespace SocialLoss.Contract;

/// <summary>
/// SHA-256 of the canonical state: policy, markets (specification, mark, book, funding index), accounts (balance as settled,
/// backstop flag, open positions as exact lots and micro-unit cost), deficit and net deposits, written
/// as compact JSON in ordinal key order with raw integers. Derived figures (equity, margins, prices)
/// are functions of these and are not hashed. Same commands → same hash, on any machine.
/// </summary>
public static class StateHash
{
    /// <summary>The canonical bytes that are hashed.</summary>
    public static byte[] CanonicalBytes(Ledger ledger)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteStartObject("config");
            ConfigJson.Write(w, ledger.Config);
            w.WriteEndObject();
            w.WriteStartObject("markets");
            foreach (var (name, m) in ledger.Markets)
            {
                w.WriteStartObject(name);
                MarketJson.WriteSpec(w, m.Spec);
                if (m.Mark is { } mark)
                    w.WriteNumber("markTicks", mark.Ticks);
                w.WriteStartArray("bids");
                foreach (var l in m.Bids)
                {
                    w.WriteNumberValue(l.Price.Ticks);
                    w.WriteNumberValue(l.Quantity.Lots);
                }

                w.WriteEndArray();
                w.WriteStartArray("asks");
                foreach (var l in m.Asks)
                {
                    w.WriteNumberValue(l.Price.Ticks);
                    w.WriteNumberValue(l.Quantity.Lots);
                }

                w.WriteEndArray();
                // funding: "index" only (absent otherwise, so those hashes are unchanged), in 10⁻⁹ micro-units
                if (m.FundingIndex != 0)
                    w.WriteString("fundingIndex", m.FundingIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (m.FundingRemainder != 0)
                    w.WriteString("fundingRemainder", m.FundingRemainder.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("accounts");
            foreach (var (name, a) in ledger.Accounts)
            {
                w.WriteStartObject(name);
                w.WriteNumber("balance", a.Balance.Micros);
                w.WriteBoolean("backstop", a.IsBackstop);
                w.WriteNumber("principal", a.Principal.Micros);
                w.WriteNumber("profitAtSettle", a.ProfitAtSettle.Micros);
                w.WriteNumber("defaultFund", a.DefaultFund.Micros);
                w.WriteNumber("contributed", a.Contributed.Micros);
                w.WriteNumber("assessed", a.Assessed.Micros);
                w.WriteNumber("equityAtDefault", a.EquityAtDefault.Micros);
                w.WriteBoolean("defaulted", a.IsDefaulted);
                w.WriteStartObject("positions");
                foreach (var (market, p) in a.OpenPositions)
                {
                    w.WriteStartArray(market);
                    w.WriteNumberValue(p.Quantity.Lots);
                    w.WriteNumberValue(p.Cost.Micros);
                    if (p.FundingSnapshot != 0) // where its funding accrual starts: it decides how the next settlement rounds
                        w.WriteStringValue(p.FundingSnapshot.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteEndArray();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteNumber("deficit", ledger.Deficit.Micros);
            w.WriteNumber("sitg", ledger.Sitg.Micros);
            w.WriteStartArray("fundHistory");
            foreach (var b in ledger.FundHistory)
                w.WriteNumberValue(b);
            w.WriteEndArray();
            w.WriteNumber("netDeposits", ledger.NetDeposits.Micros);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The state hash as 64 lowercase hex digits.</summary>
    public static string Compute(Ledger ledger) => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(ledger)));
}
