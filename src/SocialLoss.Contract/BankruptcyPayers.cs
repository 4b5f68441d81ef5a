using SocialLoss.Core.Numbers;

namespace SocialLoss.Contract;

/// <summary>Who paid one bad debt, stage by stage.</summary>
/// <param name="Cmd">The input line of the command that caused it.</param>
/// <param name="Account">The bankrupt account.</param>
/// <param name="BadDebt">The bad debt.</param>
/// <param name="Fund">What the insurance fund paid.</param>
/// <param name="Resources">What the defaulter's own default fund and the CCP's skin in the game paid.</param>
/// <param name="Socialized">What other traders paid (clawback-like stages and the survivors' default fund).</param>
/// <param name="Deficit">What was left as deficit.</param>
public sealed record BankruptcyPayers(int Cmd, AccountId Account, Money BadDebt, Money Fund = default, Money Resources = default, Money Socialized = default, Money Deficit = default);
