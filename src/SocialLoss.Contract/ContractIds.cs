using System.Buffers;

namespace SocialLoss.Contract;

/// <summary>
/// The rule for account and market ids on the wire: 1 to 128 characters from <c>A–Z a–z 0–9 . _ - : @</c>. Ids end
/// up in URLs (<c>GET /accounts/{id}</c>), file names and logs, so they must be addressable and printable as they are,
/// and one id must have one spelling (no Unicode look-alikes, no white space or control characters).
/// </summary>
public static class ContractIds
{
    /// <summary>The longest id.</summary>
    public const int MaxLength = 128;

    /// <summary>The rule as error messages state it.</summary>
    public const string Rule = "an id of 1 to 128 characters from A-Z a-z 0-9 . _ - : @";

    private const string Allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-:@";
    private static readonly SearchValues<byte> AllowedBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(Allowed));
    private static readonly SearchValues<char> AllowedChars = SearchValues.Create(Allowed);

    /// <summary>True when the UTF-8 bytes are a valid id.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8) =>
        utf8.Length is > 0 and <= MaxLength && !utf8.ContainsAnyExcept(AllowedBytes);

    /// <summary>True when the text is a valid id.</summary>
    public static bool IsValid(ReadOnlySpan<char> text) =>
        text.Length is > 0 and <= MaxLength && !text.ContainsAnyExcept(AllowedChars);
}
