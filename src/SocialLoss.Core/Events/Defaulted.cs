using SocialLoss.Core.Numbers;

namespace SocialLoss.Core.Events;

/// <summary>A member was declared in default: its positions are closed out and variation-margin gains count from here.</summary>
public sealed record Defaulted(AccountId Account) : EngineEvent;
