using SocialLoss.Core.Markets;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Tests.Support;

internal static class Specs
{
    /// <summary>A valid market spec, or the test fails.</summary>
    public static MarketSpec Create(decimal tick, decimal lot, string im = "0.1", string mm = "0.05", string fee = "0",
        params MarginTier[] tiers) => Create("X", tick, lot, im, mm, fee, tiers);

    /// <summary>A valid market spec named <paramref name="id"/>, or the test fails.</summary>
    public static MarketSpec Create(string id, decimal tick, decimal lot, string im = "0.1", string mm = "0.05", string fee = "0",
        params MarginTier[] tiers) =>
        MarketSpec.Create(new MarketId(id), tick, lot, Rate.Parse(im), Rate.Parse(mm), Rate.Parse(fee), tiers, out var error)
        ?? throw new InvalidOperationException(error);

    public static MarginTier Tier(string maxNotional, string im, string mm) =>
        new(Money.Parse(maxNotional), Rate.Parse(im), Rate.Parse(mm));
}
