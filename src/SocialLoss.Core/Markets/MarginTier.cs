using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Markets;

/// <summary>
/// One margin bracket as configured: it applies to position notionals up to <see cref="MaxNotional"/>
/// (inclusive), from the previous bracket's maximum.
/// </summary>
/// <param name="MaxNotional">Upper bound of the bracket's notional range.</param>
/// <param name="InitialMargin">Initial-margin rate in the bracket.</param>
/// <param name="MaintenanceMargin">Maintenance-margin rate in the bracket.</param>
public readonly record struct MarginTier(Money MaxNotional, Rate InitialMargin, Rate MaintenanceMargin);
