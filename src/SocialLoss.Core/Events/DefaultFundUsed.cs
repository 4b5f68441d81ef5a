using SocialLoss.Core.Engine;
using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>
/// Pre-funded CCP resources paid part of a bankrupt account's loss: a member's default-fund contribution
/// (<see cref="Contributor"/>), or the clearing house's own capital when <see cref="Contributor"/> is null.
/// </summary>
public sealed record DefaultFundUsed(WaterfallStageKind Stage, AccountId? Contributor, AccountId Bankrupt, Money Amount) : EngineEvent;
