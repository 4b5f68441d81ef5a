using SocialLoss.Core.Commands;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Server;

/// <summary>
/// <c>serve</c> gives every market listed without a <c>priceBand</c> the service's default, so no market on a running
/// venue trades at any price a client names (the Mango Markets exploit of issue 12: a trade at 0.1 against a mark of
/// 60,000). The band is written into the journaled line, so recovery replays the listing exactly as executed whatever
/// the default is then; <c>"priceBand":"0"</c> lists a market without one.
/// </summary>
public static class DefaultPriceBands
{
    /// <summary>
    /// The default: 10% of the mark. Binance's PERCENT_PRICE filter bounds an order by a multiple of a reference price
    /// (https://developers.binance.com/docs/binance-spot-api-docs/filters); 10% leaves room for the moves of a crash
    /// within one mark interval while refusing a fill at a tenth or ten times the mark.
    /// </summary>
    public static readonly Rate Default = new(100_000_000);

    /// <summary>Gives each <c>market</c> command without a band <paramref name="band"/>, in the command and its journaled line.</summary>
    public static void Apply(List<string> lines, List<Command> commands, Rate band)
    {
        if (band.Ppb == 0)
            return;
        for (int i = 0; i < commands.Count; i++)
        {
            if (commands[i] is not ListMarketCommand { PriceBand: null } listing)
                continue;
            var line = lines[i].TrimEnd();
            if (!line.EndsWith('}'))
                continue; // not a JSON object line: leave it as the client sent it
            commands[i] = listing with { PriceBand = band };
            lines[i] = line[..^1] + ",\"priceBand\":\"" + band.ToString() + "\"}";
        }
    }
}
