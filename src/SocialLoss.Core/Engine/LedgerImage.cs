using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Engine;

/// <summary>
/// The complete state of a <see cref="Ledger"/> as plain values, from <see cref="Ledger.Capture"/>: what a
/// snapshot stores so that <see cref="Ledger.FromImage"/> rebuilds a ledger on which every later command
/// gives the same events as on the original. Nothing the engine derives (indexes, ADL queues) is in it.
/// </summary>
/// <param name="Config">The loss policy in force.</param>
/// <param name="Markets">Every listed market, in ordinal name order.</param>
/// <param name="Accounts">Every account, built-in ones included, in ordinal id order.</param>
/// <param name="Backstops">The accounts marked as backstops, in ordinal id order.</param>
/// <param name="FundHistory">The insurance fund's balance at the last marks in micro-units, oldest first (the <c>okx</c> trigger).</param>
/// <param name="Deficit">Bad debt no stage covered.</param>
/// <param name="Sitg">The clearing house's own capital in the waterfall.</param>
/// <param name="NetDeposits">Deposits plus fund top-ups minus what withdrawals paid out.</param>
/// <param name="HasActivity">True once anything other than <c>config</c> happened (a later <c>config</c> is then rejected).</param>
/// <param name="LastSeq">Sequence number of the last applied event: the next event gets <c>LastSeq + 1</c>.</param>
public sealed record LedgerImage(
    EngineConfig Config,
    IReadOnlyList<MarketImage> Markets,
    IReadOnlyList<AccountImage> Accounts,
    IReadOnlyList<AccountId> Backstops,
    IReadOnlyList<long> FundHistory,
    Money Deficit,
    Money Sitg,
    Money NetDeposits,
    bool HasActivity,
    long LastSeq);
