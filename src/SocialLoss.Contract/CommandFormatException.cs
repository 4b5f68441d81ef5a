namespace SocialLoss.Contract;

/// <summary>A command line that is not a valid command of the contract; the message says which field and what was expected.</summary>
public sealed class CommandFormatException(string message) : Exception(message);
