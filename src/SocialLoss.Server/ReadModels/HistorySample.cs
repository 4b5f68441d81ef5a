namespace SocialLoss.Server;

/// <summary>A point of the dashboard's time series: after a journal position, the fund, the deficit and per market its mark and open interest (decimal strings).</summary>
public sealed record HistorySample(long Position, DateTimeOffset Time, string InsuranceFund, string Deficit, IReadOnlyDictionary<string, MarketPoint> Markets);

/// <summary>A market's mark (null before any) and open interest at a sample.</summary>
public sealed record MarketPoint(string? Mark, string OpenInterest);
