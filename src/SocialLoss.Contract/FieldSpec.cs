namespace SocialLoss.Contract;

/// <summary>One field of a command or of an object inside one: its wire name, what it holds, and whether it must be there.</summary>
/// <param name="Name">The name on the wire.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Required">True when a command without it is malformed (a JSON <c>null</c> counts as absent).</param>
/// <param name="Shape">The fields of the object(s) it holds, for <see cref="FieldKind.Object"/> and <see cref="FieldKind.Objects"/>.</param>
public sealed record FieldSpec(string Name, FieldKind Kind, bool Required, ObjectShape? Shape = null)
{
    /// <summary>The name as UTF-8 bytes, for the byte parser's comparisons.</summary>
    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(Name);
}
