namespace SocialLoss.Contract;

/// <summary>A command line that is not a valid command of the contract; the message says which field and what was expected.</summary>
/// <param name="message">What is wrong, in the contract's words (<c>field "amount": expected ...</c>).</param>
/// <param name="field">The field at fault (a dotted path such as <c>adl.window</c>), when the problem is one field's.</param>
public sealed class CommandFormatException(string message, string? field = null) : Exception(message)
{
    /// <summary>The field at fault, or null when the problem is not one field's (invalid JSON, not an object).</summary>
    public string? Field { get; } = field;

    /// <summary>A problem with one field: the message reads <c>field "NAME": PROBLEM</c>.</summary>
    public static CommandFormatException AtField(string field, string problem) => new($"field \"{field}\": {problem}", field);
}
